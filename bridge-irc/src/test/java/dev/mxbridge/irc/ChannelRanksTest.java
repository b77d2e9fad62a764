package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelRanksTest {
    private final ChannelRanks ranks = new ChannelRanks();

    @Test
    void namesPrefixesGiveOpsAndVoice() {
        assertThat(ranks.named("#c", "@alice")).isEqualTo("alice");
        assertThat(ranks.named("#c", "+bob")).isEqualTo("bob");
        assertThat(ranks.named("#c", "~owner")).isEqualTo("owner");
        ranks.named("#c", "carol");
        assertThat(ranks.level("#c", "Alice")).isEqualTo(50);
        assertThat(ranks.level("#c", "bob")).isEqualTo(1);
        assertThat(ranks.isOp("#c", "owner")).isTrue();
        assertThat(ranks.level("#c", "carol")).isZero();
    }

    @Test
    void modeChangesSkipTheArgumentsOfOtherModes() {
        ranks.named("#c", "alice");
        ranks.named("#c", "bob");
        assertThat(ranks.mode("#c", "+kvo", List.of("key", "bob", "alice"))).containsExactly("bob", "alice");
        assertThat(ranks.level("#c", "alice")).isEqualTo(50);
        assertThat(ranks.mode("#c", "-o+l", List.of("alice", "10"))).containsExactly("alice");
        assertThat(ranks.level("#c", "alice")).isZero();
        assertThat(ranks.mode("#c", "+v", List.of("bob"))).as("no change").isEmpty();
    }

    @Test
    void ranksFollowNickChangesAndEndWithLeaving() {
        ranks.named("#c", "@alice");
        ranks.renamed("alice", "alicia");
        assertThat(ranks.level("#c", "alicia")).isEqualTo(50);
        ranks.left("#c", "alicia");
        assertThat(ranks.level("#c", "alicia")).isZero();
        ranks.named("#d", "+bob");
        ranks.quit("bob");
        assertThat(ranks.level("#d", "bob")).isZero();
    }
}
