package dev.mxbridge.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lazily made TLS context: plain HTTP never makes it; the first https connection does, and still checks. */
class HttpClientsTest {

    @TempDir
    Path dir;

    @Test
    void aPlainHttpExchangeNeverMakesTheTlsContext() throws Exception {
        LazyDefaultTls tls = new LazyDefaultTls();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (HttpClient http = HttpClients.builder(tls).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok");
            assertThat(tls.made()).isFalse();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anHttpsConnectionMakesTheDefaultContextWhichRefusesACertificateItDoesNotTrust() throws Exception {
        LazyDefaultTls tls = new LazyDefaultTls();
        try (SSLServerSocket listener = selfSignedServer();
             HttpClient http = HttpClients.builder(tls).build()) {
            Thread peer = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept(); InputStream in = s.getInputStream()) {
                    s.startHandshake();
                    in.read();
                } catch (IOException expected) {
                    // the client refuses our certificate
                }
            });
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .rootCause().hasMessageContaining("unable to find valid certification path");
            peer.join();
        }
        assertThat(tls.made()).isTrue();
    }

    /** A TLS listener on the loopback address with a fresh self-signed certificate for 127.0.0.1 (keytool). */
    private SSLServerSocket selfSignedServer() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-alias", "server", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance(store.toFile(), "changeit".toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }
}
