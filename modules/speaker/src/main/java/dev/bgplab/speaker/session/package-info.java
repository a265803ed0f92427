/**
 * The BGP session layer: the RFC 4271 section 8 finite state machine ({@link
 * dev.bgplab.speaker.session.PeerFsm}, pure), OPEN checks and capability negotiation ({@link
 * dev.bgplab.speaker.session.NegotiatedSession}), collision detection ({@link
 * dev.bgplab.speaker.session.CollisionResolver}), and the Netty transport that drives them ({@link
 * dev.bgplab.speaker.session.BgpSession}, {@link dev.bgplab.speaker.session.BgpListener}).
 *
 * <p>How a speaker wires it up, all sessions on one event loop (single-threaded control plane):
 * <pre>{@code
 * EventLoopGroup group = BgpTransport.newEventLoopGroup(1, "bgp");   // epoll if available, else NIO
 * EventLoop loop = group.next();
 * BgpListener listener = new BgpListener(loop, new InetSocketAddress("0.0.0.0", 179)).bind();
 * SessionSettings cfg = SessionSettings.builder(peerAddress, 65001, 65002, routerId)
 *         .holdTime(90).password("secret").mode(SessionSettings.ConnectMode.BOTH).build();
 * BgpSession session = new BgpSession(cfg, loop, WireMessageCodec.INSTANCE, mySessionListener);
 * listener.add(session);
 * session.start();
 * // later, on loop: session.send(update); and session.stop(cease) from anywhere
 * }</pre>
 */
package dev.bgplab.speaker.session;
