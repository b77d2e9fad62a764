package dev.mxbridge.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PortalAliasTest {
    @Test
    void aTemplateMapsUsernamesToKeysAndBackOnlyForKeysOfItsShape() {
        PortalAlias alias = PortalAlias.parse("tg.{username}.chat");

        assertThat(alias.key("durov")).isEqualTo("tg.durov.chat");
        assertThat(alias.username("tg.durov.chat")).contains("durov");
        assertThat(alias.username("durov")).isEmpty();
        assertThat(alias.username("tg..chat")).isEmpty();
        assertThat(PortalAlias.parse("{username}").username("durov")).contains("durov");
    }

    @Test
    void aTemplateNeedsUsernameOnceAndNoCharactersAnAliasCannotHave() {
        assertThatThrownBy(() -> PortalAlias.parse("tg_{id}")).hasMessageContaining("{username} once");
        assertThatThrownBy(() -> PortalAlias.parse("{username}{username}")).hasMessageContaining("{username} once");
        assertThatThrownBy(() -> PortalAlias.parse("#tg_{username}")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> PortalAlias.parse("tg:{username}")).hasMessageContaining("':'");
    }

    @Test
    void aBadTemplateInTheConfigIsNamedWithTheReason() {
        var network = JsonMapper.builder().build().valueToTree(Map.of("token", "1:abc", "portal_alias", "tg_{id}"));

        assertThatThrownBy(() -> TelegramConfig.parse(network, Map.of()))
                .hasMessageContaining("portal_alias is not valid: tg_{id} (must contain {username} once)");
    }
}
