package dev.mxbridge.telegram;

import java.util.Optional;

/**
 * What follows the core's alias prefix in a public chat's portal alias, from {@code network.portal_alias}: a template
 * with {@code {username}} once, e.g. {@code {username}} ({@code #_telegram_durov}) or {@code {username}_tg}. The
 * prefix itself is the core's ({@code appservice.alias_prefix}), the registration's exclusive alias namespace.
 *
 * @param before the literal text before {@code {username}}
 * @param after  the literal text after it
 */
record PortalAlias(String before, String after) {
    private static final String USERNAME = "{username}";

    /** The default: the alias prefix followed by the chat's username. */
    static final PortalAlias PLAIN = new PortalAlias("", "");

    /**
     * @throws IllegalArgumentException if the template lacks {@code {username}}, has it twice, or has characters an
     *                                  alias cannot (whitespace, {@code :}, {@code #})
     */
    static PortalAlias parse(String template) {
        int at = template.indexOf(USERNAME);
        if (at < 0 || template.indexOf(USERNAME, at + 1) >= 0) {
            throw new IllegalArgumentException("must contain {username} once");
        }
        PortalAlias alias = new PortalAlias(template.substring(0, at), template.substring(at + USERNAME.length()));
        if (!(alias.before + alias.after).matches("[^\\s:#{}]*")) {
            throw new IllegalArgumentException("may not contain whitespace, ':', '#' or other braces");
        }
        return alias;
    }

    /** The alias key (after the core's prefix) of a chat's portal. */
    String key(String username) {
        return before + username + after;
    }

    /** The username an alias key names, if it fits the template. */
    Optional<String> username(String key) {
        return key.length() > before.length() + after.length() && key.startsWith(before) && key.endsWith(after)
                ? Optional.of(key.substring(before.length(), key.length() - after.length())) : Optional.empty();
    }
}
