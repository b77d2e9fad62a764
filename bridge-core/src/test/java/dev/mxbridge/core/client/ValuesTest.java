package dev.mxbridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ids, transaction ids, encoding, back-off and header parsing. */
class ValuesTest {

    @Test
    void transactionIdIsStableUrlSafeAndPerUser() {
        UserId alice = UserId.of("alice", "example.org");
        UserId bob = UserId.of("bob", "example.org");

        String id = TxnIds.derive(alice, "remote:123");

        assertThat(TxnIds.derive(alice, "remote:123")).isEqualTo(id);
        assertThat(TxnIds.derive(bob, "remote:123")).isNotEqualTo(id);
        assertThat(TxnIds.derive(alice, "remote:124")).isNotEqualTo(id);
        assertThat(id).matches("mxb[A-Za-z0-9_-]{22}");
        assertThat(Paths.encode(id)).isEqualTo(id);
    }

    @Test
    void userAndKeyCannotBeShiftedIntoEachOther() {
        assertThat(TxnIds.derive(new UserId("@a:b"), "cd")).isNotEqualTo(TxnIds.derive(new UserId("@a:bc"), "d"));
        assertThatThrownBy(() -> TxnIds.derive(new UserId("@a:b"), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathSegmentsKeepOnlyUnreservedCharacters() {
        assertThat(Paths.encode("!a:b.c")).isEqualTo("%21a%3Ab.c");
        assertThat(Paths.encode("#x/y?z")).isEqualTo("%23x%2Fy%3Fz");
        assertThat(Paths.encode("@u_~-.:s")).isEqualTo("%40u_~-.%3As");
        assertThat(Paths.encode("a b+é")).isEqualTo("a%20b%2B%C3%A9");
        assertThat(Paths.of("/p", "", "x")).isEqualTo("/p//x");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(1000));

        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1).toMillis()).isBetween(50L, 100L);
            assertThat(policy.backoff(3).toMillis()).isBetween(200L, 400L);
            assertThat(policy.backoff(9).toMillis()).isBetween(500L, 1000L);
            assertThat(policy.backoff(200).toMillis()).isBetween(500L, 1000L);
        }
    }

    @Test
    void retryPolicyRejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO))
                .hasMessage("max attempts must be at least 1");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("base delay <= max delay");
    }

    @Test
    void idsCheckTheirSigilsAndSplit() {
        UserId user = new UserId("@_irc_bob:example.org:8448");
        assertThat(user.localpart()).isEqualTo("_irc_bob");
        assertThat(user.server()).isEqualTo("example.org:8448");
        assertThat(RoomAlias.of("chan", "x.org").value()).isEqualTo("#chan:x.org");
        RoomAlias alias = new RoomAlias("#_irc_chan:example.org:8448");
        assertThat(alias.localpart()).isEqualTo("_irc_chan");
        assertThat(alias.server()).isEqualTo("example.org:8448");
        assertThatThrownBy(() -> new RoomAlias("@a:b")).hasMessage("room alias must look like #localpart:server: @a:b");
        assertThatThrownBy(() -> new UserId("@:b")).hasMessage("user id must look like @localpart:server: @:b");
        assertThatThrownBy(() -> new UserId("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RoomId("!opaqueV12").value()).isEqualTo("!opaqueV12");
        assertThatThrownBy(() -> new UserId("alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoomId("#a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventId("e")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mxcUrisParseAndPrint() {
        assertThat(MxcUri.parse("mxc://example.org/abc")).isEqualTo(new MxcUri("example.org", "abc"));
        assertThat(MxcUri.parse("mxc://example.org/abc").toString()).isEqualTo("mxc://example.org/abc");
        assertThat(MxcUri.tryParse("https://example.org/abc")).isEmpty();
        assertThat(MxcUri.tryParse("mxc://example.org/")).isEmpty();
        assertThat(MxcUri.tryParse("mxc://example.org/a/b")).isEmpty();
    }

    @Test
    void retryAfterHeaderIsReadAsSecondsOrIgnored() {
        assertThat(Transport.retryAfterHeader(headers("Retry-After", "3"))).contains(Duration.ofSeconds(3));
        assertThat(Transport.retryAfterHeader(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")))
                .contains(Duration.ZERO);
        assertThat(Transport.retryAfterHeader(headers("Retry-After", "soon"))).isEmpty();
        assertThat(Transport.retryAfterHeader(headers("X-Other", "1"))).isEmpty();
    }

    @Test
    void downloadFilenameComesFromContentDisposition() {
        assertThat(HttpIntent.filename("inline; filename=\"a b.png\"")).contains("a b.png");
        assertThat(HttpIntent.filename("attachment; filename=plain.txt")).contains("plain.txt");
        assertThat(HttpIntent.filename("inline; filename*=UTF-8''caf%C3%A9+1.png")).contains("café+1.png");
        assertThat(HttpIntent.filename("inline")).isEqualTo(Optional.empty());
    }

    @Test
    void configNeverPrintsTheToken() {
        MatrixClientConfig config = Fixtures.config(URI.create("http://127.0.0.1:8008"));

        assertThat(config.toString()).doesNotContain(Fixtures.TOKEN).contains("asToken=***");
    }

    @Test
    void configRejectsABotOnAnotherServer() {
        assertThatThrownBy(() -> MatrixClientConfig.of(URI.create("http://hs"), "t", "a.org", UserId.of("bot", "b.org")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (n, v) -> true);
    }
}
