package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatrixBansTest {

    @Test
    void aBanCoversTheHostUnlessTheBridgesUsersShareItAndTheNickWhereTheHostIsUnknown() {
        assertThat(MatrixBans.mask("kai", Optional.of("~kai@irc.example.net"), "matrix.example.org"::equalsIgnoreCase))
                .isEqualTo("*!*@irc.example.net");
        assertThat(MatrixBans.mask("kai", Optional.of("~kai@Bridge.example.org"), "bridge.example.org"::equalsIgnoreCase))
                .as("a host the puppets share: the ident too").isEqualTo("*!~kai@Bridge.example.org");
        assertThat(MatrixBans.mask("kai", Optional.empty(), h -> false)).isEqualTo("kai!*@*");
        assertThat(MatrixBans.mask("kai", Optional.of("nohost"), h -> false)).isEqualTo("kai!*@*");
    }

    @Test
    void aBanMatchesTheUserItIsFor() {
        String mask = MatrixBans.mask("kai", Optional.of("~kai@10.0.0.7"), h -> false);
        assertThat(ChannelBans.matches(mask, "kai!~kai@10.0.0.7")).isTrue();
        assertThat(ChannelBans.matches(mask, "kai2!other@10.0.0.7")).as("a new nick and ident").isTrue();
        assertThat(ChannelBans.matches(mask, "Olga[m]!olga@matrix.example.org")).isFalse();
    }
}
