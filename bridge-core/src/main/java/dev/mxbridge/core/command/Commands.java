package dev.mxbridge.core.command;

import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.command.Permissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge bot's commands: recognises a command in a message, checks the sender's permission level, parses the
 * arguments and runs the handler, answering every failure in the room. Built with {@link #builder}; {@code help} is
 * always registered. Immutable and thread-safe; handlers run on the calling thread.
 *
 * <p><b>Recognising a command.</b> Outside a management room a message is a command only if it starts with the
 * prefix (e.g. {@code !irc help}; a prefix ending in a letter or digit must be followed by whitespace, one ending in
 * punctuation may be followed directly by the name, as in {@code !help}). In a management room the prefix may be
 * left out. The first word after it is the command name, matched without regard to case; everything after is its
 * arguments (see {@link Arg}). One message is one command: line breaks are argument text, never a second command.
 *
 * <p>Arguments are never logged, since they may hold passwords.
 */
public final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
    private static final int MAX_ECHO = 40;

    private final String prefix;
    private final Permissions permissions;
    private final List<Command> commands;
    private final Map<String, Command> byName;

    private Commands(String prefix, Permissions permissions, List<Command> commands, Map<String, Command> byName) {
        this.prefix = prefix;
        this.permissions = permissions;
        this.commands = List.copyOf(commands);
        this.byName = Map.copyOf(byName);
    }

    /**
     * Starts a registry.
     *
     * @param prefix      what starts a command outside management rooms, e.g. {@code !irc} or {@code !}
     * @param permissions who may run what
     */
    public static Builder builder(String prefix, Permissions permissions) {
        return new Builder(prefix, permissions);
    }

    /**
     * Handles one message: runs the command in it, or answers why not. Never throws for anything a command or the
     * reply sink does; a failing reply is logged, since re-running a command to repeat its answer could repeat its
     * effects.
     */
    public Outcome handle(CommandMessage message, ReplySink replies) {
        Optional<String> line = stripPrefix(message.body(), message.managementRoom());
        if (line.isEmpty()) {
            return Outcome.NOT_A_COMMAND;
        }
        String text = line.get();
        int end = 0;
        while (end < text.length() && !ArgumentParser.isSpace(text.charAt(end))) {
            end++;
        }
        String word = text.substring(0, end);
        Command command = byName.get(word.toLowerCase(Locale.ROOT));
        if (command == null) {
            send(replies, word.isEmpty() ? "No command given." + helpHint() : unknown(word));
            return Outcome.UNKNOWN_COMMAND;
        }
        PermissionLevel level = permissions.levelOf(message.sender().value());
        if (!level.atLeast(command.level())) {
            LOG.debug("refused {} to {} (level {})", command.name(), message.sender(), level.configName());
            send(replies, invocation(command.name()) + " needs permission level " + command.level().configName()
                    + "; yours is " + level.configName() + ".");
            return Outcome.REFUSED;
        }
        try {
            Arguments args = ArgumentParser.parse(command.args(), text.substring(end));
            LOG.debug("running {} for {} in {}", command.name(), message.sender(), message.room());
            command.handler().run(new CommandContext(this, command, message, level, args, replies));
            return Outcome.COMPLETED;
        } catch (UsageException e) {
            send(replies, e.getMessage() + "\nUsage: " + usage(command));
            return Outcome.BAD_USAGE;
        } catch (CommandException e) {
            send(replies, e.getMessage());
            return e.forbidden() ? Outcome.REFUSED : Outcome.FAILED;
        } catch (Exception e) {
            String reference = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            LOG.error("command {} from {} in {} failed (reference {})",
                    command.name(), message.sender(), message.room(), reference, e);
            send(replies, invocation(command.name()) + " failed with an internal error (reference " + reference
                    + "); the bridge administrator can find it in the log.");
            return Outcome.ERROR;
        }
    }

    /** The command with this name or alias, in any case. */
    public Optional<Command> find(String nameOrAlias) {
        return Optional.ofNullable(byName.get(nameOrAlias.toLowerCase(Locale.ROOT)));
    }

    /** Every command, {@code help} first, then in the order they were added. */
    public List<Command> all() {
        return commands;
    }

    public String prefix() {
        return prefix;
    }

    /** The usage line of a command, e.g. {@code !irc link <channel> [network]}. */
    public String usage(Command command) {
        String args = command.argsUsage();
        return invocation(command.name()) + (args.isEmpty() ? "" : " " + args);
    }

    /**
     * The help text for a sender of {@code level}: the commands they may run, grouped by section, with their
     * usage lines.
     *
     * @param managementRoom whether to say that the prefix may be left out
     */
    public String help(PermissionLevel level, boolean managementRoom) {
        Map<Section, List<Command>> sections = new TreeMap<>(
                Comparator.comparingInt(Section::order).thenComparing(Section::title));
        for (Command command : commands) {
            if (level.atLeast(command.level())) {
                sections.computeIfAbsent(command.section(), s -> new ArrayList<>()).add(command);
            }
        }
        StringBuilder out = new StringBuilder();
        if (level == PermissionLevel.NONE) {
            out.append("You are not allowed to use this bridge; ask its administrator for access.\n\n");
        }
        out.append(managementRoom
                ? "Commands you can use (in this room, " + prefix + " in front is optional):\n"
                : "Commands you can use:\n");
        sections.forEach((section, list) -> {
            out.append('\n').append(section.title()).append('\n');
            list.stream().sorted(Comparator.comparing(Command::name)).forEach(command ->
                    out.append("  ").append(usage(command)).append(" - ").append(command.description()).append('\n'));
        });
        out.append("\n<argument> is required, [argument] optional; put quotes around an argument with spaces.");
        return out.toString();
    }

    /**
     * The help text for one command: usage, description, aliases and the level it needs.
     *
     * @throws CommandException if there is no such command
     */
    public String help(String nameOrAlias) {
        Command command = find(nameOrAlias).orElseThrow(() -> new CommandException(unknown(nameOrAlias)));
        StringBuilder out = new StringBuilder(usage(command)).append('\n').append(command.description());
        if (!command.aliases().isEmpty()) {
            out.append("\nAlso: ").append(String.join(", ", command.aliases().stream().map(this::invocation).toList()));
        }
        return out.append("\nPermission level: ").append(command.level().configName()).toString();
    }

    /** The text after the prefix, or empty if the message is not addressed to the bot. */
    private Optional<String> stripPrefix(String body, boolean managementRoom) {
        String text = body.stripLeading();
        if (text.regionMatches(true, 0, prefix, 0, prefix.length())) {
            String after = text.substring(prefix.length());
            boolean needsSpace = Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1));
            if (after.isEmpty() || !needsSpace || ArgumentParser.isSpace(after.charAt(0))) {
                return Optional.of(after.stripLeading());
            }
        }
        return managementRoom && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }

    private String invocation(String name) {
        return Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1)) ? prefix + " " + name : prefix + name;
    }

    private String unknown(String word) {
        return "Unknown command " + echo(word) + "." + helpHint();
    }

    private String helpHint() {
        return " Send " + invocation("help") + " for the commands you can use.";
    }

    /** A user's word as shown back to them: shortened, so a reply cannot be made into a wall of text. */
    private static String echo(String word) {
        return word.length() <= MAX_ECHO ? word : word.substring(0, MAX_ECHO) + "…";
    }

    private static void send(ReplySink replies, String text) {
        try {
            replies.send(text);
        } catch (Exception e) {
            LOG.warn("could not send a command reply", e);
        }
    }

    /** Collects commands; names and aliases must be unique. */
    public static final class Builder {
        private final String prefix;
        private final Permissions permissions;
        private final List<Command> commands = new ArrayList<>();
        private final Map<String, Command> byName = new LinkedHashMap<>();

        private Builder(String prefix, Permissions permissions) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.chars().anyMatch(c -> ArgumentParser.isSpace((char) c))) {
                throw new IllegalArgumentException("command prefix must be non-empty without spaces: '" + prefix + "'");
            }
            this.prefix = prefix;
            this.permissions = Objects.requireNonNull(permissions, "permissions");
            add(CoreCommands.help());
        }

        /** Adds a command; throws if its name or an alias is taken. */
        public Builder add(Command command) {
            List<String> names = new ArrayList<>(command.aliases());
            names.addFirst(command.name());
            for (String name : names) {
                if (byName.containsKey(name) || names.indexOf(name) != names.lastIndexOf(name)) {
                    throw new IllegalArgumentException("command name or alias " + name + " is used twice");
                }
            }
            names.forEach(name -> byName.put(name, command));
            commands.add(command);
            return this;
        }

        public Commands build() {
            return new Commands(prefix, permissions, commands, byName);
        }
    }
}
