package dev.mxbridge.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.network.RemoteRoomId;
import org.junit.jupiter.api.Test;

class PortalNamesTest {
    @Test
    void theDefaultTemplateNamesTeamAndChannel() {
        PortalNames names = new PortalNames(SlackSettings.DEFAULT_ALIAS_TEMPLATE, "_slack_");
        assertThat(names.key("acme", "general")).isEqualTo("acme_general");
        assertThat(names.channelName("acme_general", "acme")).contains("general");
        assertThat(names.channelName("acme_dev_ops", "acme")).contains("dev_ops");
        assertThat(names.channelName("other_general", "acme")).isEmpty();
    }

    @Test
    void anOperatorMayLeaveTheTeamOut() {
        PortalNames names = new PortalNames("#slack_{channel}", "slack_");
        assertThat(names.key("acme", "random")).isEqualTo("random");
        assertThat(names.channelName("random", "acme")).contains("random");
    }

    @Test
    void aTemplateOutsideTheAliasPrefixIsRefused() {
        assertThatThrownBy(() -> new PortalNames("#other_{channel}", "_slack_")).hasMessageContaining("alias prefix");
    }

    @Test
    void remoteRoomIdsCarryTeamAndChannel() {
        RemoteRoomId room = PortalNames.room("T1", "C2");
        assertThat(room.value()).isEqualTo("T1/C2");
        assertThat(PortalNames.channelOf(room)).isEqualTo("C2");
    }
}
