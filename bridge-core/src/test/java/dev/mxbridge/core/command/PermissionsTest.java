package dev.mxbridge.core.command;


import static dev.mxbridge.core.command.PermissionLevel.ADMIN;
import static dev.mxbridge.core.command.PermissionLevel.NONE;
import static dev.mxbridge.core.command.PermissionLevel.RELAY;
import static dev.mxbridge.core.command.PermissionLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class PermissionsTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static Permissions fromYaml(String yaml) {
        return Permissions.fromConfig(YAML.readTree(yaml).path("permissions"));
    }

    private final Permissions standard = fromYaml("""
            permissions:
              "*": relay
              example.org: user
              "@admin:example.org": admin
              "@troll:example.org": none
            """);

    @Test
    void levelsAreOrderedFromNoneToAdmin() {
        assertThat(PermissionLevel.values()).containsExactly(NONE, RELAY, USER, ADMIN);
        assertThat(ADMIN.atLeast(USER)).isTrue();
        assertThat(USER.atLeast(USER)).isTrue();
        assertThat(RELAY.atLeast(USER)).isFalse();
        assertThat(NONE.atLeast(RELAY)).isFalse();
    }

    @Test
    void anExactUserIdBeatsItsServerWhichBeatsTheWildcard() {
        assertThat(standard.levelOf("@admin:example.org")).isEqualTo(ADMIN);
        assertThat(standard.levelOf("@troll:example.org")).isEqualTo(NONE);
        assertThat(standard.levelOf("@alice:example.org")).isEqualTo(USER);
        assertThat(standard.levelOf("@bob:elsewhere.net")).isEqualTo(RELAY);
    }

    @Test
    void theServerMustMatchExactlyNotAsASuffixOrPrefix() {
        assertThat(standard.levelOf("@alice:sub.example.org")).isEqualTo(RELAY);
        assertThat(standard.levelOf("@alice:example.org.evil.net")).isEqualTo(RELAY);
        assertThat(standard.levelOf("@alice:example.org:8448")).isEqualTo(RELAY);
        assertThat(standard.levelOf("@example.org:evil.net")).isEqualTo(RELAY);
    }

    @Test
    void aServerWithAPortMatchesOnlyThatPort() {
        Permissions p = Permissions.of(Map.of("example.org:8448", USER));
        assertThat(p.levelOf("@alice:example.org:8448")).isEqualTo(USER);
        assertThat(p.levelOf("@alice:example.org")).isEqualTo(NONE);
    }

    @Test
    void withoutAWildcardUnknownUsersHaveNoAccess() {
        Permissions p = Permissions.of(Map.of("example.org", ADMIN));
        assertThat(p.levelOf("@alice:other.org")).isEqualTo(NONE);
        assertThat(p.allows("@alice:other.org", RELAY)).isFalse();
        assertThat(p.allows("@alice:other.org", NONE)).isTrue();
        assertThat(Permissions.none().levelOf("@alice:example.org")).isEqualTo(NONE);
    }

    @Test
    void somethingThatIsNotAUserIdGetsNothingNotEvenTheWildcard() {
        assertThat(standard.levelOf("alice")).isEqualTo(NONE);
        assertThat(standard.levelOf("@alice")).isEqualTo(NONE);
        assertThat(standard.levelOf("@alice:")).isEqualTo(NONE);
        assertThat(standard.levelOf("example.org")).isEqualTo(NONE);
    }

    @Test
    void allowsComparesAgainstTheRequiredLevel() {
        assertThat(standard.allows("@admin:example.org", USER)).isTrue();
        assertThat(standard.allows("@alice:example.org", USER)).isTrue();
        assertThat(standard.allows("@alice:example.org", ADMIN)).isFalse();
        assertThat(standard.allows("@bob:elsewhere.net", RELAY)).isTrue();
        assertThat(standard.allows("@bob:elsewhere.net", USER)).isFalse();
    }

    @Test
    void levelNamesIgnoreCase() {
        Permissions p = fromYaml("permissions: {\"@a:x.org\": Admin, y.org: USER}");
        assertThat(p.levelOf("@a:x.org")).isEqualTo(ADMIN);
        assertThat(p.levelOf("@b:y.org")).isEqualTo(USER);
    }

    @Test
    void everyBadEntryIsReportedByItsKey() {
        assertThatThrownBy(() -> fromYaml("""
                permissions:
                  "*": relay
                  example.org: superuser
                  other.org: 3
                  "*.example.org": user
                  "@nocolon": admin
                  "not a server": user
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("permissions.\"example.org\": 'superuser' is not a permission level "
                        + "(use none, relay, user or admin)")
                .hasMessageContaining("permissions.\"other.org\": must be one of none, relay, user, admin")
                .hasMessageContaining("permissions.\"*.example.org\": patterns are not supported")
                .hasMessageContaining("permissions.\"@nocolon\": not a user id (@localpart:server)")
                .hasMessageContaining("permissions.\"not a server\": not a server name, user id or *")
                .message().doesNotContain("\"*\":");
    }

    @Test
    void aSectionThatIsNotAMapIsRejected() {
        assertThatThrownBy(() -> fromYaml("permissions: [admin]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("permissions must map user ids, server names or * to levels");
    }

    @Test
    void aMissingSectionLetsNobodyIn() {
        JsonNode root = YAML.readTree("homeserver: {domain: example.org}");
        assertThat(Permissions.fromConfig(root.path("permissions")).levelOf("@a:example.org")).isEqualTo(NONE);
        assertThat(fromYaml("permissions:").levelOf("@a:example.org")).isEqualTo(NONE);
    }

    @Test
    void tablesBuiltInCodeAreCheckedLikeConfig() {
        assertThatThrownBy(() -> Permissions.of(Map.of("@bad", USER)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("permissions.\"@bad\": not a user id");
    }
}
