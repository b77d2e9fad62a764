package dev.mxbridge.core.command;

import dev.mxbridge.core.command.PermissionLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A command of the bridge bot, from which its usage line and help entry are generated. Names and aliases are
 * lowercase (matched without regard to case); build one with {@link #builder(String)}:
 * <pre>{@code
 * Command link = Command.builder("link")
 *         .aliases("bridge")
 *         .args(Arg.required("channel"), Arg.optional("network"))
 *         .description("Bridge this room to a remote channel.")
 *         .section(Section.ROOMS)
 *         .level(PermissionLevel.USER)
 *         .handler(ctx -> ...)
 *         .build();
 * }</pre>
 *
 * @param name        what the sender types after the prefix
 * @param aliases     other names for the same command
 * @param args        the arguments, in order
 * @param description one sentence for the help text
 * @param section     the help heading it is listed under
 * @param level       the lowest permission level that may run it
 * @param handler     what it does
 */
public record Command(String name, List<String> aliases, List<Arg> args, String description, Section section,
                      PermissionLevel level, CommandHandler handler) {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public Command {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(handler, "handler");
        name = normalize(name);
        aliases = aliases.stream().map(Command::normalize).toList();
        args = List.copyOf(args);
        Set<String> argNames = new HashSet<>();
        boolean optionalSeen = false;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            if (!argNames.add(arg.name())) {
                throw new IllegalArgumentException("command " + name + " has two arguments named " + arg.name());
            }
            if (arg.rest() && i != args.size() - 1) {
                throw new IllegalArgumentException("command " + name + ": rest-of-line argument " + arg.name()
                        + " must be last");
            }
            if (arg.required() && optionalSeen) {
                throw new IllegalArgumentException("command " + name + ": required argument " + arg.name()
                        + " cannot follow an optional one");
            }
            optionalSeen |= !arg.required();
        }
    }

    /** Starts a command named {@code name}; description, level and handler must be set before {@code build()}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The arguments part of the usage line, e.g. {@code <channel> [network]}; empty if there are none. */
    public String argsUsage() {
        return String.join(" ", args.stream().map(Arg::usage).toList());
    }

    private static String normalize(String name) {
        String lower = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
        if (!NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("command name must be letters, digits, - or _: " + name);
        }
        return lower;
    }

    /** Collects the parts of a {@link Command}. */
    public static final class Builder {
        private final String name;
        private final List<String> aliases = new ArrayList<>();
        private final List<Arg> args = new ArrayList<>();
        private String description;
        private Section section = Section.GENERAL;
        private PermissionLevel level;
        private CommandHandler handler;

        private Builder(String name) {
            this.name = name;
        }

        public Builder aliases(String... aliases) {
            this.aliases.addAll(List.of(aliases));
            return this;
        }

        public Builder args(Arg... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Defaults to {@link Section#GENERAL}. */
        public Builder section(Section section) {
            this.section = section;
            return this;
        }

        /** Required: there is no default, so that no command is open to more users than meant. */
        public Builder level(PermissionLevel level) {
            this.level = level;
            return this;
        }

        public Builder handler(CommandHandler handler) {
            this.handler = handler;
            return this;
        }

        public Command build() {
            if (description == null || level == null || handler == null) {
                throw new IllegalStateException("command " + name + " needs a description, a level and a handler");
            }
            return new Command(name, aliases, args, description, section, level, handler);
        }
    }
}
