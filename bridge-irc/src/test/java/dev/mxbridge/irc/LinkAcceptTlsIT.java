package dev.mxbridge.irc;


import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Link mode accepting the link over TLS: the bridge listens with a certificate from a PKCS #12 keystore (made here
 * with the JDK's keytool), and ircd-hybrid connects to it with TLS ({@code connect { flags = tls }}) on an operator's
 * {@code CONNECT}; messages flow both ways over it.
 */
class LinkAcceptTlsIT {
    static final Path DIR = BridgeItSupport.dir("link-accept-tls");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SERVER = LinkSetup.SERVER;
    static final int PORT = LinkSetup.freePort();

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.linkableHybrid(
            new IrcServer.Link(SERVER, "bridge-secret", "ircd-secret", PORT, true));

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = LinkSetup.hybridBridge(DIR, hs, ircd, () -> LinkSetup.accepting(PORT) + """
            tls: true
            tls_keystore: %s
            tls_keystore_password: keystore-secret
            """.formatted(keystore()));

    /** A self-signed certificate for the bridge's end of the link. */
    private static Path keystore() {
        Path file = DIR.resolve("link.p12");
        try {
            Files.createDirectories(DIR);
            if (!Files.exists(file)) {
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                        .toString(), "-genkeypair", "-alias", "link", "-keyalg", "RSA", "-keysize", "2048",
                        "-dname", "CN=" + SERVER, "-validity", "30", "-storetype", "PKCS12", "-keystore",
                        file.toString(), "-storepass", "keystore-secret", "-keypass", "keystore-secret")
                        .redirectErrorStream(true).redirectOutput(DIR.resolve("keytool.log").toFile()).start();
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: see " + DIR.resolve("keytool.log"));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theIrcServerLinksToTheBridgeOverTls() {
        TestUser olga = it.user("Olga");
        try (IrcTestClient ivan = ircd.connect("ivan")) {
            ivan.send("OPER oper oper");
            ivan.await(l -> l.contains(" 381 "), WAIT);
            ivan.join("#tlsaccept");
            ivan.send("CONNECT " + SERVER);
            LinkSetup.awaitLinked(ivan, WAIT);
            LinkSetup.talk(olga, ivan, "#tlsaccept", "hello over an accepted tls link", WAIT);
        }
    }
}
