package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignatureCheckTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final SignatureCheck check = new SignatureCheck("shh", Clock.fixed(NOW, ZoneOffset.UTC));
    private final byte[] body = "{\"type\":\"event_callback\"}".getBytes(StandardCharsets.UTF_8);

    private static String sign(String secret, long ts, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aFreshRequestSignedWithTheSecretPasses() throws Exception {
        long ts = NOW.getEpochSecond() - 10;
        assertThat(check.problem(Long.toString(ts), sign("shh", ts, body), body)).isEmpty();
    }

    @Test
    void anotherSecretOrAChangedBodyFails() throws Exception {
        long ts = NOW.getEpochSecond();
        assertThat(check.problem(Long.toString(ts), sign("other", ts, body), body)).contains("bad signature");
        assertThat(check.problem(Long.toString(ts), sign("shh", ts, body), "{}".getBytes(StandardCharsets.UTF_8))).contains("bad signature");
    }

    @Test
    void timestampsMoreThanFiveMinutesOffEitherWayFail() throws Exception {
        long old = NOW.getEpochSecond() - 301;
        long future = NOW.getEpochSecond() + 301;
        long edge = NOW.getEpochSecond() + 300;
        assertThat(check.problem(Long.toString(old), sign("shh", old, body), body)).contains("timestamp outside five minutes");
        assertThat(check.problem(Long.toString(future), sign("shh", future, body), body)).contains("timestamp outside five minutes");
        assertThat(check.problem(Long.toString(edge), sign("shh", edge, body), body)).isEmpty();
    }

    @Test
    void missingOrMalformedHeadersFail() {
        assertThat(check.problem(null, "v0=00", body)).contains("unsigned");
        assertThat(check.problem("soon", "v0=00", body)).contains("bad timestamp");
        assertThat(check.problem(Long.toString(NOW.getEpochSecond()), "v0=00", body)).contains("malformed signature");
    }

    @Test
    void headersThatCannotBeGenuineAreRefusedBeforeTheBody() throws Exception {
        long ts = NOW.getEpochSecond();
        String now = Long.toString(ts);
        assertThat(check.problemBeforeBody(now, sign("shh", ts, body))).isEmpty();
        assertThat(check.problemBeforeBody(now, sign("other", ts, body))).as("a well-formed forgery needs the body").isEmpty();
        assertThat(check.problemBeforeBody(null, sign("shh", ts, body))).contains("unsigned");
        assertThat(check.problemBeforeBody(now, null)).contains("unsigned");
        assertThat(check.problemBeforeBody("soon", sign("shh", ts, body))).contains("bad timestamp");
        assertThat(check.problemBeforeBody(Long.toString(ts - 301), sign("shh", ts - 301, body))).contains("timestamp outside five minutes");
        for (String malformed : new String[] {"v0=00", "v1=" + "a".repeat(64), "v0=" + "g".repeat(64), "v0=" + "a".repeat(65), ""}) {
            assertThat(check.problemBeforeBody(now, malformed)).as(malformed).contains("malformed signature");
            assertThat(check.problem(now, malformed, body)).as(malformed).contains("malformed signature");
        }
    }
}
