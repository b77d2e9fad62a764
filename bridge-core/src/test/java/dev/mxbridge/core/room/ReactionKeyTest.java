package dev.mxbridge.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.network.RemoteMessageId;
import org.junit.jupiter.api.Test;

class ReactionKeyTest {
    @Test
    void aReactionsMadeUpIdReadsBackAndNoMessageIdIsTakenForOne() {
        ReactionKey key = new ReactionKey(new RemoteMessageId("1700000000.000100", 2), "@alice:x", "👍");
        assertThat(ReactionKey.of(key.id())).contains(key);
        assertThat(ReactionKey.of(RemoteMessageId.of("1700000000.000100"))).isEmpty();
        assertThat(ReactionKey.of(RemoteMessageId.of("reaction with spaces"))).isEmpty();
        assertThat(ReactionKey.of(RemoteMessageId.of("\u001Freaction\u001Fx\u001Fnot-a-number\u001Fa\u001Fb"))).isEmpty();
    }
}
