package dev.mxbridge.core.command;

import java.util.Objects;

/**
 * One argument of a {@link Command}. Required arguments come before optional ones, and a rest-of-line argument, which
 * takes the remainder of the message verbatim (quotes, spaces and line breaks included), can only be last.
 *
 * @param name     what the argument is called in usage lines and in {@link Arguments#get(String)}
 * @param required whether the command fails with its usage line when the argument is missing
 * @param rest     whether the argument takes the rest of the message instead of one word
 */
public record Arg(String name, boolean required, boolean rest) {

    public Arg {
        Objects.requireNonNull(name, "name");
        if (!Command.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("argument name must be lowercase letters, digits, - or _: " + name);
        }
    }

    /** One word or quoted string that must be given. */
    public static Arg required(String name) {
        return new Arg(name, true, false);
    }

    /** One word or quoted string that may be left out. */
    public static Arg optional(String name) {
        return new Arg(name, false, false);
    }

    /** The rest of the message, which must not be empty. */
    public static Arg rest(String name) {
        return new Arg(name, true, true);
    }

    /** The rest of the message, possibly nothing. */
    public static Arg optionalRest(String name) {
        return new Arg(name, false, true);
    }

    /** {@code <name>}, {@code [name]}, {@code <name...>} or {@code [name...]}. */
    public String usage() {
        String inner = rest ? name + "..." : name;
        return required ? "<" + inner + ">" : "[" + inner + "]";
    }
}
