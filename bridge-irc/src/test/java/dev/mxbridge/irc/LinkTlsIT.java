package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Link mode over TLS: the bridge links to ircd-hybrid's TLS port (TS6) and pins the SHA-256 of hybrid's self-signed
 * certificate; messages flow both ways. A link pinning another certificate is refused before a word is sent.
 */
class LinkTlsIT {
    static final Path DIR = BridgeItSupport.dir("link-tls");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SERVER = LinkSetup.SERVER;

    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.linkableHybrid(new IrcServer.Link(SERVER, "bridge-secret", "ircd-secret"));

    @RegisterExtension
    static final BridgeUnderTest<Bridge> it = LinkSetup.hybridBridge(DIR, hs, ircd, () -> """
            port: %d
            tls: true
            tls_fingerprint: %s
            """.formatted(ircd.tlsPort(), fingerprint(ircd.tlsCertificate())));

    static String fingerprint(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    @Test
    void theLinkRunsOverTlsWithThePinnedCertificate() {
        TestUser olga = it.user("Olga");
        try (IrcTestClient ivan = ircd.connect("ivan")) {
            ivan.join("#tls");
            LinkSetup.awaitLinked(ivan, WAIT);
            LinkSetup.talk(olga, ivan, "#tls", "hello over tls", WAIT);
        }
    }

    @Test
    void aLinkPinningAnotherCertificateIsRefused() {
        LinkConfig config = new LinkConfig(LinkConfig.Protocol.TS6, "other.localhost", "x", "bridge-secret",
                "ircd-secret", ircd.host(), ircd.tlsPort(), WAIT, WAIT, "0OT", "0.0.0.0", 0, true, "00".repeat(32), "", "");
        ServerLink link = new ServerLink(config, LinkDialect.of(config), new ServerLink.Handler() {
            @Override
            public void linked(String peer) {
            }

            @Override
            public void burstEnded() {
            }

            @Override
            public void line(IrcLine line) {
            }

            @Override
            public void dropped(String why) {
            }
        });
        link.start();
        try {
            BridgeItSupport.await("the link refused for its certificate", WAIT,
                    () -> link.problem().orElse("").contains("not the pinned one"));
            assertThat(link.linked()).isFalse();
        } finally {
            link.stop();
        }
    }
}
