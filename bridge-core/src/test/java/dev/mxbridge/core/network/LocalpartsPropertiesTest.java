package dev.mxbridge.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Any remote id makes a valid Matrix localpart, and the localpart gives the id back. */
class LocalpartsPropertiesTest {

    private static boolean wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s); // no lone surrogates
    }

    @Property(tries = 2_000)
    void anEscapedIdIsAValidLocalpartAndUnescapesToTheId(@ForAll String remote) {
        Assume.that(wellFormed(remote));
        String localpart = Localparts.escape(remote);
        assertThat(localpart).matches("[a-z0-9._=\\-/+]*");
        assertThat(Localparts.unescape(localpart)).isEqualTo(remote);
    }
}
