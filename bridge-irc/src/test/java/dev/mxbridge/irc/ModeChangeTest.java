package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModeChangeTest {
    @Test
    void eachLetterTakesItsArgumentTheLimitOnlyWhenSetAndALetterShortOfOneIsDropped() {
        assertThat(ModeChange.parse("+nl-l+kb-o", List.of("10", "key", "*!*@x")))
                .containsExactly(new ModeChange(true, 'n', Optional.empty()),
                        new ModeChange(true, 'l', Optional.of("10")),
                        new ModeChange(false, 'l', Optional.empty()),
                        new ModeChange(true, 'k', Optional.of("key")),
                        new ModeChange(true, 'b', Optional.of("*!*@x")));
    }
}
