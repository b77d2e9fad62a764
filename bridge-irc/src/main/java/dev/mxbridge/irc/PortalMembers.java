package dev.mxbridge.irc;

import dev.mxbridge.core.network.KeyValueStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Matrix members of each channel's portals, kept in the bridge's store so that after a restart their puppets
 * rejoin and the privacy rule knows whom to wait for. One value per channel: a line {@code <user id> TAB <display
 * name>} per member (user ids hold no tab; display names are stored without line breaks).
 */
final class PortalMembers {
    static final String NAMESPACE = "irc.members";

    private final KeyValueStore store;

    PortalMembers(KeyValueStore store) {
        this.store = store;
    }

    void save(String channel, Map<String, String> members) {
        if (members.isEmpty()) {
            store.delete(NAMESPACE, channel);
            return;
        }
        StringBuilder value = new StringBuilder();
        members.forEach((user, name) -> value.append(user).append('\t').append(IrcText.clean(name)).append('\n'));
        store.put(NAMESPACE, channel, value.toString());
    }

    Map<String, String> load(String channel) {
        Map<String, String> members = new LinkedHashMap<>();
        store.get(NAMESPACE, channel).ifPresent(value -> value.lines().forEach(line -> {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                members.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }));
        return members;
    }
}
