package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelBansTest {
    private final ChannelBans bans = new ChannelBans();

    @Test
    void aModeChangeAddsAndRemovesBansAmongOtherModesAndMatchesAsIrcFoldsNicks() {
        assertThat(bans.mode("#a", "+ob-v+kb", List.of("ivan", "*!*@Matrix.Example.org", "lena", "key", "x!*@*")))
                .containsExactly("*!*@Matrix.Example.org", "x!*@*");
        assertThat(bans.matching("#a", "Olga[m]!olga@matrix.example.org")).contains("*!*@Matrix.Example.org");
        assertThat(bans.matching("#b", "Olga[m]!olga@matrix.example.org")).isEmpty();
        assertThat(bans.mode("#a", "+b", List.of("x!*@*"))).as("already there").isEmpty();

        bans.mode("#a", "-b", List.of("*!*@matrix.example.org"));
        assertThat(bans.matching("#a", "Olga[m]!olga@matrix.example.org")).isEmpty();
        assertThat(bans.mode("#c", "+b", List.of("Olga{m}!*@*"))).hasSize(1);
        assertThat(bans.matching("#c", "olga[M]!olga@h")).as("[ ] fold to { }").isPresent();
        bans.clear();
        assertThat(bans.matching("#c", "olga[M]!olga@h")).isEmpty();
    }
}
