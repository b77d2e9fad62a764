package dev.mxbridge.slack;

import dev.mxbridge.core.network.RemoteRoomId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remote room ids ({@code T…/C…}: team and channel) and portal alias keys from the alias template. The template is
 * the whole alias, e.g. {@code #_slack_{team}_{channel}}; it must start with {@code #} and the alias prefix of the
 * registration, and what follows the prefix is the key the core hands to {@code resolvePortal}.
 */
final class PortalNames {
    private final String keyTemplate;
    private final Pattern keyPattern;

    PortalNames(String aliasTemplate, String aliasPrefix) {
        String withoutHash = aliasTemplate.substring(1);
        if (!withoutHash.startsWith(aliasPrefix)) {
            throw new SlackBridgeException("network.alias_template " + aliasTemplate + " must start with #"
                    + aliasPrefix + ", the registration's alias prefix");
        }
        keyTemplate = withoutHash.substring(aliasPrefix.length());
        String regex = Pattern.quote(keyTemplate).replace("{team}", "\\E(?<team>[a-z0-9-]+)\\Q")
                .replace("{channel}", "\\E(?<channel>[^:]+)\\Q");
        keyPattern = Pattern.compile(regex);
    }

    static RemoteRoomId room(String teamId, String channelId) {
        return new RemoteRoomId(teamId + "/" + channelId);
    }

    static String channelOf(RemoteRoomId room) {
        String value = room.value();
        return value.substring(value.indexOf('/') + 1);
    }

    /** The alias key of a channel's portal. */
    String key(String teamDomain, String channelName) {
        return keyTemplate.replace("{team}", teamDomain).replace("{channel}", channelName);
    }

    /** The channel name in an alias key, if the key fits the template and names this team. */
    Optional<String> channelName(String key, String teamDomain) {
        Matcher m = keyPattern.matcher(key);
        if (!m.matches() || (keyTemplate.contains("{team}") && !m.group("team").equals(teamDomain))) {
            return Optional.empty();
        }
        return Optional.of(m.group("channel"));
    }
}
