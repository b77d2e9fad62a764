package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

class IdentServerTest {
    /** What an IRC server does: connect to the ident port and ask about the client's connection. */
    private static String query(IdentServer ident, String line) throws Exception {
        try (Socket s = new Socket("127.0.0.1", ident.port())) {
            s.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aLiveConnectionIsAnsweredWithItsUsersNameAndAClosedOneWithNoUser() throws Exception {
        try (IdentServer ident = new IdentServer(new InetSocketAddress("127.0.0.1", 0));
             ServerSocket ircd = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Socket connection = ident.sockets(SocketFactory.getDefault(), "alice").createSocket("127.0.0.1", ircd.getLocalPort());
            int ours = connection.getLocalPort();
            assertThat(query(ident, ours + " , " + ircd.getLocalPort() + "\r\n"))
                    .isEqualTo(ours + ", " + ircd.getLocalPort() + " : USERID : UNIX : alice");
            assertThat(query(ident, ours + ", 1\r\n")).as("another server port").isEqualTo(ours + ", 1 : ERROR : NO-USER");
            connection.close();
            assertThat(query(ident, ours + ", " + ircd.getLocalPort() + "\r\n")).endsWith(" : ERROR : NO-USER");
        }
    }

    @Test
    void malformedQueriesGetAnErrorNotANameAndNoCrLfGetsIntoAName() throws Exception {
        try (IdentServer ident = new IdentServer(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(query(ident, "hello\r\n")).isEqualTo("0, 0 : ERROR : INVALID-PORT");
            assertThat(query(ident, "0, 70000\r\n")).isEqualTo("0, 70000 : ERROR : INVALID-PORT");
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    ident.sockets(SocketFactory.getDefault(), "evil\r\nUSERID"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
