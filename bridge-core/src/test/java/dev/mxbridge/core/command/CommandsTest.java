package dev.mxbridge.core.command;

import static dev.mxbridge.core.command.PermissionLevel.ADMIN;
import static dev.mxbridge.core.command.PermissionLevel.NONE;
import static dev.mxbridge.core.command.PermissionLevel.RELAY;
import static dev.mxbridge.core.command.PermissionLevel.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CommandsTest {
    private static final UserId ADMIN_USER = new UserId("@admin:example.org");
    private static final UserId LOCAL_USER = new UserId("@alice:example.org");
    private static final UserId RELAY_USER = new UserId("@bob:elsewhere.net");
    private static final UserId NOBODY = new UserId("@eve:blocked.net");
    private static final RoomId ROOM = new RoomId("!room:example.org");

    private final Permissions permissions = Permissions.of(Map.of(
            "*", RELAY, "example.org", USER, "@admin:example.org", ADMIN, "blocked.net", NONE));
    private final List<CommandContext> runs = new ArrayList<>();
    private final Replies replies = new Replies();

    private final Commands commands = Commands.builder("!irc", permissions)
            .add(CoreCommands.version("mxbridge-irc", "1.2.3"))
            .add(Command.builder("link")
                    .aliases("Bridge")
                    .args(Arg.required("channel"), Arg.optional("network"))
                    .description("Bridge this room to an IRC channel.")
                    .section(Section.ROOMS)
                    .level(USER)
                    .handler(runs::add)
                    .build())
            .add(Command.builder("say")
                    .args(Arg.required("target"), Arg.rest("message"))
                    .description("Send a message as the bridge.")
                    .section(Section.ROOMS)
                    .level(RELAY)
                    .handler(runs::add)
                    .build())
            .add(Command.builder("topic")
                    .args(Arg.optionalRest("text"))
                    .description("Show or set the topic.")
                    .section(Section.ROOMS)
                    .level(RELAY)
                    .handler(runs::add)
                    .build())
            .add(Command.builder("shutdown")
                    .description("Stop the bridge.")
                    .section(Section.ADMIN)
                    .level(ADMIN)
                    .handler(runs::add)
                    .build())
            .add(Command.builder("crash")
                    .description("Fail.")
                    .level(RELAY)
                    .handler(ctx -> {
                        throw new IllegalStateException("database password is hunter2");
                    })
                    .build())
            .add(Command.builder("refuse")
                    .description("Fail politely.")
                    .level(RELAY)
                    .handler(ctx -> {
                        throw new CommandException("That room is not bridged.");
                    })
                    .build())
            .build();

    private Outcome inRoom(UserId sender, String body) {
        return commands.handle(new CommandMessage(sender, ROOM, body, false), replies);
    }

    private Outcome inManagementRoom(UserId sender, String body) {
        return commands.handle(new CommandMessage(sender, ROOM, body, true), replies);
    }

    private Arguments onlyRun() {
        assertThat(runs).hasSize(1);
        return runs.getFirst().args();
    }

    @Test
    void aQuotedArgumentKeepsItsSpacesAndEveryArgumentKeepsItsCase() {
        assertThat(inRoom(LOCAL_USER, "!irc link \"#My Channel\" Libera")).isEqualTo(Outcome.COMPLETED);
        assertThat(onlyRun().get("channel")).isEqualTo("#My Channel");
        assertThat(onlyRun().get("network")).isEqualTo("Libera");
        assertThat(replies.sent).isEmpty();
    }

    @Test
    void anOptionalArgumentMayBeLeftOut() {
        inRoom(LOCAL_USER, "!irc link #chan");
        assertThat(onlyRun().get("channel")).isEqualTo("#chan");
        assertThat(onlyRun().find("network")).isEmpty();
    }

    @Test
    void quotesMayHoldEscapedQuotesBackslashesAndNothing() {
        inRoom(LOCAL_USER, "!irc link \"say \\\"hi\\\" \\\\ \\n\" \"\"");
        assertThat(onlyRun().get("channel")).isEqualTo("say \"hi\" \\ \\n");
        assertThat(onlyRun().get("network")).isEmpty();
    }

    @Test
    void aRestArgumentTakesTheRemainderVerbatim() {
        inRoom(RELAY_USER, "!irc say  #chan   Hello  \"World\"\nsecond line\r\n");
        assertThat(onlyRun().get("target")).isEqualTo("#chan");
        assertThat(onlyRun().get("message")).isEqualTo("Hello  \"World\"\nsecond line\r\n");
    }

    @Test
    void anOptionalRestArgumentMayBeEmpty() {
        inRoom(RELAY_USER, "!irc topic   ");
        assertThat(onlyRun().find("text")).isEmpty();
    }

    @Test
    void lineBreaksInsideQuotesArePreservedAsData() {
        inRoom(LOCAL_USER, "!irc link \"#a\r\n!irc shutdown\"");
        assertThat(onlyRun().get("channel")).isEqualTo("#a\r\n!irc shutdown");
        assertThat(runs).extracting(ctx -> ctx.command().name()).containsExactly("link");
    }

    @Test
    void aSecondLineCannotSmuggleInASecondCommand() {
        assertThat(inManagementRoom(ADMIN_USER, "version\n!irc shutdown")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(inRoom(ADMIN_USER, "hello everyone\n!irc shutdown")).isEqualTo(Outcome.NOT_A_COMMAND);
        assertThat(inRoom(ADMIN_USER, "!irc link #a libera\n!irc shutdown")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(runs).isEmpty();

        assertThat(inRoom(ADMIN_USER, "!irc link #a\nshutdown")).isEqualTo(Outcome.COMPLETED);
        assertThat(onlyRun().get("network")).isEqualTo("shutdown");
        assertThat(runs).extracting(ctx -> ctx.command().name()).containsExactly("link");
    }

    @Test
    void namesAliasesAndThePrefixIgnoreCase() {
        assertThat(inRoom(LOCAL_USER, "!IRC LINK #Chan")).isEqualTo(Outcome.COMPLETED);
        assertThat(inRoom(LOCAL_USER, "!irc bridge #Chan")).isEqualTo(Outcome.COMPLETED);
        assertThat(runs).extracting(ctx -> ctx.args().get("channel")).containsExactly("#Chan", "#Chan");
    }

    @Test
    void outsideAManagementRoomOnlyPrefixedMessagesAreCommands() {
        assertThat(inRoom(LOCAL_USER, "link #chan")).isEqualTo(Outcome.NOT_A_COMMAND);
        assertThat(inRoom(LOCAL_USER, "!irclink #chan")).isEqualTo(Outcome.NOT_A_COMMAND);
        assertThat(inRoom(LOCAL_USER, "!seen bob")).isEqualTo(Outcome.NOT_A_COMMAND);
        assertThat(inRoom(LOCAL_USER, "  !irc\nlink #chan")).isEqualTo(Outcome.COMPLETED);
        assertThat(replies.sent).isEmpty();
    }

    @Test
    void inAManagementRoomThePrefixIsOptional() {
        assertThat(inManagementRoom(LOCAL_USER, "link #a")).isEqualTo(Outcome.COMPLETED);
        assertThat(inManagementRoom(LOCAL_USER, "!irc link #b")).isEqualTo(Outcome.COMPLETED);
        assertThat(inManagementRoom(LOCAL_USER, "   ")).isEqualTo(Outcome.NOT_A_COMMAND);
        assertThat(runs).hasSize(2);
    }

    @Test
    void aPunctuationPrefixMayTouchTheCommandName() {
        Commands bang = Commands.builder("!", permissions).add(CoreCommands.version("b", "1")).build();
        assertThat(bang.handle(new CommandMessage(LOCAL_USER, ROOM, "!version", false), replies))
                .isEqualTo(Outcome.COMPLETED);
        assertThat(bang.handle(new CommandMessage(LOCAL_USER, ROOM, "! version", false), replies))
                .isEqualTo(Outcome.COMPLETED);
        assertThat(replies.sent).containsExactly("b 1", "b 1");
        assertThat(bang.usage(bang.find("version").orElseThrow())).isEqualTo("!version");
    }

    @Test
    void aMissingArgumentIsAnsweredWithTheUsageLine() {
        assertThat(inRoom(LOCAL_USER, "!irc link")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(replies.only()).isEqualTo("Missing <channel>.\nUsage: !irc link <channel> [network]");
        assertThat(runs).isEmpty();
    }

    @Test
    void tooManyArgumentsAreAnsweredWithTheUsageLine() {
        assertThat(inRoom(LOCAL_USER, "!irc link #a libera extra")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(replies.only()).isEqualTo("Too many arguments.\nUsage: !irc link <channel> [network]");
    }

    @Test
    void badQuotingIsAnsweredWithTheUsageLine() {
        assertThat(inRoom(LOCAL_USER, "!irc link \"#a b")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(inRoom(LOCAL_USER, "!irc link \"#a\"b")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(inRoom(RELAY_USER, "!irc say #chan")).isEqualTo(Outcome.BAD_USAGE);
        assertThat(replies.sent).containsExactly(
                "A quote is not closed.\nUsage: !irc link <channel> [network]",
                "Put a space after a closing quote.\nUsage: !irc link <channel> [network]",
                "Missing <message...>.\nUsage: !irc say <target> <message...>");
        assertThat(runs).isEmpty();
    }

    @Test
    void aHandlerMayRejectArgumentsWithTheUsageLine() {
        Commands c = Commands.builder("!irc", permissions).add(Command.builder("join")
                .args(Arg.required("channel"))
                .description("Join.")
                .level(RELAY)
                .handler(ctx -> {
                    throw new UsageException("Not a channel: " + ctx.args().get("channel"));
                })
                .build()).build();
        assertThat(c.handle(new CommandMessage(LOCAL_USER, ROOM, "!irc join x", false), replies))
                .isEqualTo(Outcome.BAD_USAGE);
        assertThat(replies.only()).isEqualTo("Not a channel: x\nUsage: !irc join <channel>");
    }

    @Test
    void aSenderBelowTheCommandsLevelIsRefusedBeforeItRunsOrParses() {
        assertThat(inRoom(RELAY_USER, "!irc link")).isEqualTo(Outcome.REFUSED);
        assertThat(inRoom(LOCAL_USER, "!irc shutdown now")).isEqualTo(Outcome.REFUSED);
        assertThat(inManagementRoom(NOBODY, "version")).isEqualTo(Outcome.REFUSED);
        assertThat(replies.sent).containsExactly(
                "!irc link needs permission level user; yours is relay.",
                "!irc shutdown needs permission level admin; yours is user.",
                "!irc version needs permission level relay; yours is none.");
        assertThat(runs).isEmpty();
    }

    @Test
    void theHandlerSeesTheSenderRoomAndLevel() {
        inRoom(ADMIN_USER, "!irc shutdown");
        CommandContext ctx = runs.getFirst();
        assertThat(ctx.sender()).isEqualTo(ADMIN_USER);
        assertThat(ctx.room()).isEqualTo(ROOM);
        assertThat(ctx.level()).isEqualTo(ADMIN);
        assertThat(ctx.usage()).isEqualTo("!irc shutdown");
    }

    @Test
    void anUnknownCommandGetsAHintToHelp() {
        assertThat(inRoom(LOCAL_USER, "!irc frobnicate")).isEqualTo(Outcome.UNKNOWN_COMMAND);
        assertThat(inRoom(LOCAL_USER, "!irc")).isEqualTo(Outcome.UNKNOWN_COMMAND);
        assertThat(inManagementRoom(LOCAL_USER, "hello there")).isEqualTo(Outcome.UNKNOWN_COMMAND);
        assertThat(replies.sent).containsExactly(
                "Unknown command frobnicate. Send !irc help for the commands you can use.",
                "No command given. Send !irc help for the commands you can use.",
                "Unknown command hello. Send !irc help for the commands you can use.");
    }

    @Test
    void anUnknownCommandIsNotEchoedAtLength() {
        inRoom(LOCAL_USER, "!irc " + "x".repeat(5000));
        assertThat(replies.only()).hasSizeLessThan(200);
    }

    @Test
    void helpListsOnlyTheCommandsTheSenderMayRunGroupedWithUsage() {
        inRoom(RELAY_USER, "!irc help");
        assertThat(replies.only()).isEqualTo("""
                Commands you can use:

                General
                  !irc crash - Fail.
                  !irc help [command] - List the commands you can use, or explain one.
                  !irc refuse - Fail politely.
                  !irc version - Show the bridge's name and version.

                Rooms
                  !irc say <target> <message...> - Send a message as the bridge.
                  !irc topic [text...] - Show or set the topic.

                <argument> is required, [argument] optional; put quotes around an argument with spaces.""");
    }

    @Test
    void helpForAnAdminInTheManagementRoomShowsEverySection() {
        inManagementRoom(ADMIN_USER, "HELP");
        assertThat(replies.only())
                .startsWith("Commands you can use (in this room, !irc in front is optional):")
                .contains("\nGeneral\n", "\nRooms\n", "\nAdministration\n",
                        "  !irc link <channel> [network] - Bridge this room to an IRC channel.",
                        "  !irc shutdown - Stop the bridge.");
        assertThat(replies.only().indexOf("Rooms")).isLessThan(replies.only().indexOf("Administration"));
    }

    @Test
    void helpTellsSomeoneWithoutAccessThatTheyHaveNone() {
        assertThat(inManagementRoom(NOBODY, "help")).isEqualTo(Outcome.COMPLETED);
        assertThat(replies.only())
                .startsWith("You are not allowed to use this bridge; ask its administrator for access.")
                .contains("!irc help [command]")
                .doesNotContain("version", "link", "shutdown");
    }

    @Test
    void helpExplainsOneCommandWithItsAliases() {
        inRoom(RELAY_USER, "!irc help Bridge");
        assertThat(replies.only()).isEqualTo("""
                !irc link <channel> [network]
                Bridge this room to an IRC channel.
                Also: !irc bridge
                Permission level: user""");
        replies.sent.clear();
        assertThat(inRoom(RELAY_USER, "!irc help nope")).isEqualTo(Outcome.FAILED);
        assertThat(replies.only()).startsWith("Unknown command nope.");
    }

    @Test
    void versionAnswersWithNameAndVersion() {
        inRoom(RELAY_USER, "!irc version");
        assertThat(replies.only()).isEqualTo("mxbridge-irc 1.2.3");
    }

    @Test
    void aCommandExceptionIsAnsweredAsWritten() {
        assertThat(inRoom(RELAY_USER, "!irc refuse")).isEqualTo(Outcome.FAILED);
        assertThat(replies.only()).isEqualTo("That room is not bridged.");
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndAnsweredWithoutDetails() {
        Logger logger = (Logger) LoggerFactory.getLogger(Commands.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(inRoom(RELAY_USER, "!irc crash")).isEqualTo(Outcome.ERROR);
        } finally {
            logger.detachAppender(log);
        }
        String reply = replies.only();
        assertThat(reply).matches("!irc crash failed with an internal error \\(reference [0-9a-f]{8}\\); "
                + "the bridge administrator can find it in the log\\.").doesNotContain("hunter2");
        String reference = reply.replaceAll(".*reference ([0-9a-f]{8}).*", "$1");
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("crash", reference, RELAY_USER.value());
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("database password is hunter2");
        });
    }

    @Test
    void argumentsAreNeverLogged() {
        Logger logger = (Logger) LoggerFactory.getLogger(Commands.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Level previous = logger.getLevel();
        logger.setLevel(Level.TRACE);
        log.start();
        logger.addAppender(log);
        try {
            inRoom(LOCAL_USER, "!irc link s3cr3t-channel");
            inRoom(RELAY_USER, "!irc link s3cr3t-channel");
        } finally {
            logger.detachAppender(log);
            logger.setLevel(previous);
        }
        assertThat(log.list).isNotEmpty()
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void aFailingReplySinkDoesNotEscape() {
        ReplySink broken = text -> {
            throw new IllegalStateException("homeserver unreachable");
        };
        CommandMessage unknown = new CommandMessage(LOCAL_USER, ROOM, "!irc nope", false);
        CommandMessage version = new CommandMessage(LOCAL_USER, ROOM, "!irc version", false);
        assertThat(commands.handle(unknown, broken)).isEqualTo(Outcome.UNKNOWN_COMMAND);
        assertThat(commands.handle(version, broken)).isEqualTo(Outcome.ERROR);
    }

    @Test
    void messagesAndArgumentsPrintWithoutTheirText() {
        inManagementRoom(LOCAL_USER, "link hunter2");
        assertThat(runs.getFirst().toString()).doesNotContain("hunter2");
        assertThat(runs.getFirst().args()).hasToString("Arguments[channel]");
    }

    @Test
    void argumentNamesAreCheckedWhenReadByAHandler() {
        inRoom(LOCAL_USER, "!irc link #a");
        assertThatThrownBy(() -> onlyRun().find("chanel")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> onlyRun().get("network")).hasMessage("argument network was not given");
    }
}
