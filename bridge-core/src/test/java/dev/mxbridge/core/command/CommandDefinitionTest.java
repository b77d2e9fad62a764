package dev.mxbridge.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.command.Permissions;
import org.junit.jupiter.api.Test;

class CommandDefinitionTest {

    private static Command.Builder command(String name) {
        return Command.builder(name).description("d").level(PermissionLevel.USER).handler(ctx -> { });
    }

    @Test
    void namesAndAliasesAreStoredLowercase() {
        Command c = command("Set-Relay").aliases("SETRELAY").build();
        assertThat(c.name()).isEqualTo("set-relay");
        assertThat(c.aliases()).containsExactly("setrelay");
    }

    @Test
    void theUsageShowsRequiredOptionalAndRestArguments() {
        Command c = command("x").args(Arg.required("a"), Arg.optional("b"), Arg.optionalRest("c")).build();
        assertThat(c.argsUsage()).isEqualTo("<a> [b] [c...]");
        assertThat(Arg.rest("m").usage()).isEqualTo("<m...>");
    }

    @Test
    void argumentsThatCouldNotBeParsedUnambiguouslyAreRejected() {
        assertThatThrownBy(() -> command("x").args(Arg.optional("a"), Arg.required("b")).build())
                .hasMessage("command x: required argument b cannot follow an optional one");
        assertThatThrownBy(() -> command("x").args(Arg.rest("a"), Arg.optional("b")).build())
                .hasMessage("command x: rest-of-line argument a must be last");
        assertThatThrownBy(() -> command("x").args(Arg.required("a"), Arg.optional("a")).build())
                .hasMessage("command x has two arguments named a");
    }

    @Test
    void aCommandWithoutALevelCannotBeBuilt() {
        assertThatThrownBy(() -> Command.builder("x").description("d").handler(ctx -> { }).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("level");
    }

    @Test
    void namesWithSpacesOrPunctuationAreRejected() {
        assertThatThrownBy(() -> command("two words").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> command("!help").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arg.required("<room>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNameOrAliasCanBeRegisteredOnlyOnce() {
        var builder = Commands.builder("!irc", Permissions.none()).add(command("link").aliases("bridge").build());
        assertThatThrownBy(() -> builder.add(command("bridge").build()))
                .hasMessage("command name or alias bridge is used twice");
        assertThatThrownBy(() -> builder.add(command("HELP").build()))
                .hasMessage("command name or alias help is used twice");
        assertThatThrownBy(() -> builder.add(command("x").aliases("x").build()))
                .hasMessage("command name or alias x is used twice");
    }

    @Test
    void thePrefixMustBeOneWord() {
        assertThatThrownBy(() -> Commands.builder("", Permissions.none())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Commands.builder("!my bridge", Permissions.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
