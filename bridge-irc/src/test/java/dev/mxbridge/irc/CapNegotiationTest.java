package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapNegotiationTest {
    private final List<String> sent = new ArrayList<>();
    private final List<String> enabled = new ArrayList<>();

    private CapNegotiation negotiation(List<String> wanted, Optional<CapNegotiation.SaslPlain> sasl) {
        CapNegotiation caps = new CapNegotiation(wanted, sasl, enabled, sent::add);
        caps.begin();
        return caps;
    }

    private static boolean feed(CapNegotiation caps, String line) {
        return caps.line(IrcLine.parse(line).orElseThrow());
    }

    @Test
    void nothingWantedMeansNoNegotiation() {
        CapNegotiation caps = negotiation(List.of(), Optional.empty());
        assertThat(sent).isEmpty();
        assertThat(caps.ended()).isTrue();
        assertThat(feed(caps, ":srv CAP * LS :server-time")).isFalse();
    }

    @Test
    void aMultiLineListingWithValuesIsReadWholeAndTheOfferedWantedOnesAreRequestedAtOnce() {
        CapNegotiation caps = negotiation(List.of("server-time", "echo-message", "away-notify", "no-such-cap"),
                Optional.empty());
        assertThat(sent).containsExactly("CAP LS 302");
        assertThat(feed(caps, ":srv CAP * LS * :multi-prefix server-time sasl=PLAIN,EXTERNAL")).isTrue();
        assertThat(sent).hasSize(1);
        feed(caps, "@time=2024-01-01T00:00:00.000Z :srv CAP * LS :echo-message draft/relaymsg=/ away-notify");
        assertThat(sent).containsExactly("CAP LS 302", "CAP REQ :server-time echo-message away-notify");
        assertThat(caps.offered()).containsEntry("sasl", "PLAIN,EXTERNAL").containsEntry("draft/relaymsg", "/");
        feed(caps, ":srv CAP * ACK :server-time echo-message away-notify");
        assertThat(sent).last().isEqualTo("CAP END");
        assertThat(enabled).containsExactly("server-time", "echo-message", "away-notify");
        assertThat(caps.ended()).isTrue();
    }

    @Test
    void aRefusedRequestIsRetriedCapByCapAndEndsOnceAllAreAnswered() {
        CapNegotiation caps = negotiation(List.of("server-time", "away-notify"), Optional.empty());
        feed(caps, ":srv CAP * LS :server-time away-notify");
        feed(caps, ":srv CAP * NAK :server-time away-notify");
        assertThat(sent).containsExactly("CAP LS 302", "CAP REQ :server-time away-notify", "CAP REQ :server-time",
                "CAP REQ :away-notify");
        feed(caps, ":srv CAP * ACK :server-time");
        assertThat(sent).doesNotContain("CAP END");
        feed(caps, ":srv CAP * NAK :away-notify");
        assertThat(sent).last().isEqualTo("CAP END");
        assertThat(enabled).containsExactly("server-time");
    }

    @Test
    void nothingOfferedThatIsWantedEndsAtOnceAndALateAckIsStillRecorded() {
        CapNegotiation caps = negotiation(List.of("multi-prefix"), Optional.empty());
        feed(caps, ":srv CAP * LS :sasl");
        assertThat(sent).containsExactly("CAP LS 302", "CAP END");
        feed(caps, ":srv CAP capper ACK :multi-prefix");
        assertThat(enabled).containsExactly("multi-prefix");
        assertThat(sent).containsExactly("CAP LS 302", "CAP END");
    }

    @Test
    void aServerWithoutCapGoesOnWithoutAndItsErrorIsNotARefusal() {
        CapNegotiation caps = negotiation(List.of("multi-prefix"), Optional.empty());
        assertThat(feed(caps, ":srv 421 * CAP :Unknown command")).isTrue();
        assertThat(caps.ended()).isTrue();
        assertThat(feed(caps, ":srv 421 nick FOO :Unknown command")).isFalse();
        assertThat(sent).containsExactly("CAP LS 302");
    }

    @Test
    void capNewAndDelKeepTheEnabledListCurrentAfterRegistration() {
        CapNegotiation caps = negotiation(List.of("away-notify", "server-time"), Optional.empty());
        feed(caps, ":srv CAP * LS :server-time");
        feed(caps, ":srv CAP * ACK :server-time");
        feed(caps, ":srv 001 bot :Welcome");
        feed(caps, ":srv CAP bot NEW :away-notify batch");
        assertThat(sent).last().isEqualTo("CAP REQ :away-notify");
        feed(caps, ":srv CAP bot ACK :away-notify");
        feed(caps, ":srv CAP bot DEL :server-time");
        assertThat(enabled).containsExactly("away-notify");
        assertThat(sent).filteredOn("CAP END"::equals).hasSize(1);
    }

    @Test
    void saslPlainRunsBeforeCapEndAndSucceeds() {
        CapNegotiation caps = negotiation(List.of("server-time"),
                Optional.of(new CapNegotiation.SaslPlain("alice", "s3cret")));
        feed(caps, ":srv CAP * LS :server-time sasl=EXTERNAL,PLAIN");
        assertThat(sent).last().isEqualTo("CAP REQ :server-time sasl");
        feed(caps, ":srv CAP * ACK :server-time sasl");
        assertThat(sent).last().isEqualTo("AUTHENTICATE PLAIN");
        feed(caps, "AUTHENTICATE +");
        String payload = Base64.getEncoder().encodeToString("alice\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(sent).last().isEqualTo("AUTHENTICATE " + payload);
        assertThat(sent).doesNotContain("CAP END");
        feed(caps, ":srv 900 * alice!alice@host alice :You are now logged in as alice");
        feed(caps, ":srv 903 * :SASL authentication successful");
        assertThat(sent).last().isEqualTo("CAP END");
        assertThat(caps.authenticated()).isTrue();
    }

    @Test
    void aFailedSaslLoginStillEndsNegotiationUnauthenticated() {
        CapNegotiation caps = negotiation(List.of(), Optional.of(new CapNegotiation.SaslPlain("bob", "wrong")));
        feed(caps, ":srv CAP * LS :sasl");
        feed(caps, ":srv CAP * ACK :sasl");
        feed(caps, "AUTHENTICATE +");
        feed(caps, ":srv 904 * :SASL authentication failed");
        assertThat(sent).last().isEqualTo("CAP END");
        assertThat(caps.authenticated()).isFalse();
    }

    @Test
    void saslIsNotRequestedWhereOnlyOtherMechanismsAreOffered() {
        CapNegotiation caps = negotiation(List.of(), Optional.of(new CapNegotiation.SaslPlain("carol", "pw")));
        feed(caps, ":srv CAP * LS :sasl=EXTERNAL");
        assertThat(sent).containsExactly("CAP LS 302", "CAP END");
        assertThat(caps.toString()).doesNotContain("pw");
    }

    @Test
    void aLongPayloadGoesInPiecesOf400EndingWithPlusWhenItFitsExactly() {
        // 3 * 100 bytes → 400 base64 characters: one full piece, then "+"
        String password = "p".repeat(300 - 2 - 2 * "dave".length());
        CapNegotiation caps = negotiation(List.of(), Optional.of(new CapNegotiation.SaslPlain("dave", password)));
        feed(caps, ":srv CAP * LS :sasl");
        feed(caps, ":srv CAP * ACK :sasl");
        feed(caps, "AUTHENTICATE +");
        assertThat(sent.get(sent.size() - 2)).hasSize("AUTHENTICATE ".length() + 400);
        assertThat(sent).last().isEqualTo("AUTHENTICATE +");
    }
}
