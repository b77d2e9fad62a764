package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which channels are bridged and synced: an allow list (empty: all), a deny list that wins, names with or without #, ids. */
class TeamSyncTest {
    @Test
    void offSyncsNothingButTheListsStillDecideWhatIsBridged() {
        SlackSettings.Sync off = new SlackSettings.Sync(false, List.of(), List.of("random"));

        assertThat(off.allows("C1", "general")).isFalse();
        assertThat(off.bridgeable("C1", "general")).isTrue();
        assertThat(off.bridgeable("C2", "random")).isFalse();
    }

    @Test
    void anEmptyAllowListTakesEveryChannelButTheDenied() {
        SlackSettings.Sync sync = new SlackSettings.Sync(true, List.of(), List.of("#random", "C9"));

        assertThat(sync.allows("C1", "general")).isTrue();
        assertThat(sync.allows("C2", "random")).isFalse();
        assertThat(sync.allows("C9", "anything")).isFalse();
    }

    @Test
    void anAllowListTakesOnlyItsChannelsAndDenyWins() {
        SlackSettings.Sync sync = new SlackSettings.Sync(true, List.of("general", "#dev", "C7"), List.of("dev"));

        assertThat(sync.allows("C1", "general")).isTrue();
        assertThat(sync.allows("C7", "ops")).isTrue();
        assertThat(sync.allows("C2", "random")).isFalse();
        assertThat(sync.allows("C3", "dev")).isFalse();
    }
}
