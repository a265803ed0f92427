/**
 * Runners that start real BGP daemons on this host as peers for interop tests
 * ("bgplab &harr; X"), with typed views of their state.
 *
 * <ul>
 *   <li>{@link dev.bgplab.lab.interop.BirdPeer}: BIRD 2 ({@code bird}, views via {@code birdc}).
 *   <li>{@link dev.bgplab.lab.interop.GobgpPeer}: gobgpd (TOML config, views via {@code gobgp -j}).
 *   <li>{@link dev.bgplab.lab.interop.ExaBgpPeer}: ExaBGP 4.2, the one that can send raw path
 *       attributes ({@link dev.bgplab.lab.interop.RawAttribute}) for RFC 7606 tests.
 * </ul>
 * Each is an {@link dev.bgplab.lab.interop.ExternalDaemon}: built with a builder, started with
 * a generated config in a temp dir of its own (config, control socket, log), observed as
 * {@link dev.bgplab.lab.route.ObservedRoute}s, and stopped by {@code close()}. Routes to
 * originate are {@link dev.bgplab.lab.interop.RouteSpec}s in every runner.
 *
 * <p>Rules every runner keeps, so tests can run side by side on a developer's machine or CI:
 * <ul>
 *   <li>Loopback only: every listen, source and neighbour address is in 127.0.0.0/8 (checked by
 *       {@link dev.bgplab.lab.interop.Loopback#requireLoopback}); each daemon gets its own
 *       address ({@link dev.bgplab.lab.interop.Loopback#nextAddress}) and an unprivileged port in
 *       17000-18999 ({@link dev.bgplab.lab.interop.Loopback#freePort}), so no root and no clash.
 *       Next hops in announced routes are documentation addresses (192.0.2.0/24,
 *       2001:db8::/32) because GoBGP rejects 127/8 next hops.
 *   <li>By pid only: {@code close()} stops the daemon's own process and the children it had,
 *       each by its pid (SIGTERM, SIGKILL after 5 s), and waits for them. Nothing is ever
 *       stopped by name, so daemons started by anyone else are never touched.
 *   <li>Deadlines, not sleeps: {@code await(timeout, what, condition)} polls until a deadline
 *       and fails with the tail of the daemon's log, or at once if the daemon died.
 * </ul>
 * The daemons come from Debian packages ({@code docker/peers.sh} installs them); tests that use
 * them are tagged {@code interop}.
 */
package dev.bgplab.lab.interop;
