package dev.bgplab.lab.frr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The path a JVM-side speaker will use: FRR in a container connects to a socket the JVM binds on
 * the network's gateway address (the host side of the bridge) and sends its OPEN.
 */
@Tag("docker")
class FrrConnectsToJvmDockerTest {

    private static final String PREFIX = "bgplab-test-frrjvm-";

    @RegisterExtension
    final FrrReportExtension reports = new FrrReportExtension();

    private LabNetwork net;
    private FrrNode frr;

    @BeforeEach
    void network() {
        Leftovers.clean(PREFIX);
        net = LabNetwork.createFree(PREFIX + "net", false, 110);
    }

    @AfterEach
    void cleanUp() {
        if (frr != null) {
            frr.close();
        }
        net.close();
        Leftovers.clean(PREFIX);
    }

    @Test
    void frrConnectsToTheGatewayAndSendsOpen() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            // an ephemeral port, given to FRR with "neighbor X port N": nothing else on this host binds it
            server.bind(new InetSocketAddress(net.gateway(), 0));
            server.setSoTimeout(30_000);
            String gateway = net.gateway().getHostAddress();
            frr = reports.watch(FrrNode.builder(PREFIX + "r1")
                    .network(net, net.ipv4(21))
                    .zebra(false)
                    .frrConf("""
                            router bgp 65010
                             bgp router-id 10.255.0.21
                             no bgp ebgp-requires-policy
                             neighbor %1$s remote-as 65099
                             neighbor %1$s port %2$d
                             neighbor %1$s timers connect 2
                            !
                            """.formatted(gateway, server.getLocalPort()))
                    .start());

            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                assertThat(socket.getInetAddress().getHostAddress()).isEqualTo(net.ipv4(21));
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] header = in.readNBytes(19);
                assertThat(header).hasSize(19);
                // RFC 4271 4.1: 16-octet marker of all ones, 2-octet length, 1-octet type (1 = OPEN)
                for (int i = 0; i < 16; i++) {
                    assertThat(header[i]).as("marker octet %d", i).isEqualTo((byte) 0xff);
                }
                assertThat(header[18]).as("message type").isEqualTo((byte) 1);
                int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                byte[] body = in.readNBytes(length - 19);
                // RFC 4271 4.2: version 4, then My Autonomous System
                assertThat(body[0]).isEqualTo((byte) 4);
                assertThat(((body[1] & 0xff) << 8) | (body[2] & 0xff)).isEqualTo(65010);
            }
        }
    }
}
