package dev.mxbridge.core.registration;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One namespace entry of a registration: a regular expression over user ids, room aliases or room ids, and whether
 * the application service claims it exclusively.
 *
 * @param regex     the regular expression, matched against the whole id
 * @param exclusive whether only this application service may create ids in it
 */
public record Namespace(String regex, boolean exclusive) {
    public Namespace {
        Objects.requireNonNull(regex, "regex");
    }

    /** An exclusive namespace; the usual choice for a bridge's ghosts and portal aliases. */
    public static Namespace exclusive(String regex) {
        return new Namespace(regex, true);
    }

    /**
     * Whether {@code id} matches this namespace's regex in full.
     *
     * @throws InvalidRegistrationException if the regex does not compile
     */
    public boolean matches(String id) {
        return pattern().matcher(id).matches();
    }

    Pattern pattern() {
        try {
            return Patterns.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidRegistrationException("namespace regex does not compile: " + regex + " (" + e.getDescription() + ")");
        }
    }
}
