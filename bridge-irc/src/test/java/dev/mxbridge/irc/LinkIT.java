package dev.mxbridge.irc;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.IrcServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LinkContract} in RFC 2813 against a real ngIRCd: the bridge links in as {@code matrix.localhost}. */
class LinkIT extends LinkContract {
    static final LinkSetup SETUP = new LinkSetup("link", IrcServer::linkableNgircd, "protocol: rfc2813");

    @RegisterExtension
    static final BridgeUnderTest<Bridge> IT = SETUP.it;

    LinkIT() {
        super(SETUP);
    }

    /** ngIRCd carries away between servers as user mode {@code +a}, without the message. */
    @Override
    String awayShown(String status) {
        return "Away";
    }
}
