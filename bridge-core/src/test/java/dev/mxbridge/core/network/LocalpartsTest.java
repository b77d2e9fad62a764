package dev.mxbridge.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalpartsTest {
    @Test
    void escapesAsTheSpecDescribes() {
        assertThat(Localparts.escape("alice")).isEqualTo("alice");
        assertThat(Localparts.escape("Alice")).isEqualTo("_alice");
        assertThat(Localparts.escape("bob_smith")).isEqualTo("bob__smith");
        assertThat(Localparts.escape("é")).isEqualTo("=c3=a9");
        assertThat(Localparts.escape("nick[m]|away")).isEqualTo("nick=5bm=5d=7caway");
        assertThat(Localparts.escape("a:b@c")).isEqualTo("a=3ab=40c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice", "__init__", "ümlaut", "#chan", "U0123ABC", "a b\tc", "😀", "=3a", "x/y.z-1"})
    void escapingIsReversibleAndOnlyUsesLocalpartCharacters(String remote) {
        String escaped = Localparts.escape(remote);
        assertThat(escaped).matches("[a-z0-9._=/-]+");
        assertThat(Localparts.unescape(escaped)).isEqualTo(remote);
    }

    @Test
    void somethingThatWasNotEscapedIsRejected() {
        assertThatThrownBy(() -> Localparts.unescape("Alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Localparts.unescape("a=3")).hasMessageContaining("middle of an escape");
        assertThatThrownBy(() -> Localparts.unescape("_1")).isInstanceOf(IllegalArgumentException.class);
    }
}
