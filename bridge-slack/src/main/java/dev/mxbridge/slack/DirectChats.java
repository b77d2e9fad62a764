package dev.mxbridge.slack;

import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DMs and group DMs of logged-in users, as the core's per-login rooms: a conversation {@code D…} (or a group DM)
 * between Slack users is bridged once for each member who logged in, as a direct-message room of that member's
 * Matrix user ({@code T…/D…} with the Matrix user as receiver), created by the other side's ghost. The bot is in no
 * such conversation: Slack sends their events because a member granted the app a user token ({@code im:history},
 * {@code mpim:history}), and the members are asked with that member's token.
 *
 * <p>A DM portal's alias key is {@code dm:<conversation>:<Matrix user>}; no alias is created for it.
 *
 * <p>Thread-safe.
 */
final class DirectChats {
    private static final String KEY_PREFIX = "dm:";

    private final Directory directory;
    /** Logged-in users by their Slack user id. */
    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    /** Conversations known to be DMs or group DMs, with their members. */
    private final Map<String, List<String>> members = new ConcurrentHashMap<>();

    DirectChats(Directory directory) {
        this.directory = directory;
    }

    /** A logged-in Slack user: their Matrix user and a client acting with their token. */
    record Login(String slackUser, String matrixUser, SlackWeb web) {
    }

    void loggedIn(Login login) {
        logins.put(login.slackUser(), login);
    }

    void loggedOut(String slackUser) {
        logins.remove(slackUser);
    }

    Optional<String> matrixUserOf(String slackUser) {
        return Optional.ofNullable(logins.get(slackUser)).map(Login::matrixUser);
    }

    Optional<Login> loginOf(String matrixUser) {
        return logins.values().stream().filter(l -> l.matrixUser().equals(matrixUser)).findFirst();
    }

    /**
     * Whether a conversation is a DM or group DM: {@code channelType} ({@code im}, {@code mpim}) comes with message
     * events; other events name only the conversation, which is then known from before or asked.
     */
    boolean isDirect(String channel, String channelType) {
        if (channelType.equals("im") || channelType.equals("mpim") || members.containsKey(channel) || channel.startsWith("D")) {
            return true;
        }
        if (!channelType.isEmpty() || directory.channel(channel).isPresent()) {
            return false; // a channel the bot can see
        }
        return !membersOf(channel).isEmpty();
    }

    /** Each event about a DM as one event per logged-in member's copy; other events as they are. */
    List<RemoteEvent> fanOut(List<RemoteEvent> events) {
        List<RemoteEvent> out = new ArrayList<>();
        for (RemoteEvent event : events) {
            String channel = PortalNames.channelOf(event.room());
            if (!members.containsKey(channel) && !isDirect(channel, "")) {
                out.add(event);
                continue;
            }
            for (String member : membersOf(channel)) {
                Login login = logins.get(member);
                if (login != null) {
                    out.add(retarget(event, RemoteRoomId.perLogin(event.room().value(), login.matrixUser())));
                }
            }
        }
        return out;
    }

    /**
     * Opens (or finds) the DM or group DM of a logged-in user with these Slack users ({@code conversations.open}
     * with the user's token); returns its per-login room.
     */
    RemoteRoomId open(Login login, List<String> others) {
        String channel = login.web().call("conversations.open", c -> c.conversationsOpen(r -> r.users(others))).getChannel().getId();
        members.remove(channel); // asked again, with whoever is in it now
        return RemoteRoomId.perLogin(PortalNames.room(directory.teamId(), channel).value(), login.matrixUser());
    }

    /** The members of a DM, asked once with the token of a logged-in user who can see it; empty if none can. */
    private List<String> membersOf(String channel) {
        List<String> known = members.get(channel);
        if (known != null) {
            return known;
        }
        for (Login login : List.copyOf(logins.values())) {
            try {
                var info = login.web().call("conversations.info", c -> c.conversationsInfo(r -> r.channel(channel)));
                if (!info.getChannel().isIm() && !info.getChannel().isMpim()) {
                    return List.of();
                }
                List<String> found = List.copyOf(login.web().call("conversations.members",
                        c -> c.conversationsMembers(r -> r.channel(channel).limit(100))).getMembers());
                members.put(channel, found);
                return found;
            } catch (SlackWeb.RateLimited e) {
                throw e;
            } catch (SlackBridgeException e) {
                // not this user's conversation: try the next login
            }
        }
        return List.of();
    }

    /** The alias key of a DM portal. */
    static String key(RemoteRoomId room) {
        return KEY_PREFIX + PortalNames.channelOf(room) + ":" + room.receiver().orElseThrow();
    }

    static boolean isKey(String key) {
        return key.startsWith(KEY_PREFIX);
    }

    /**
     * The DM portal of a key: a direct-message room of the receiver, named after the other members and created by
     * the first of them. Empty unless the receiver is logged in and a member.
     */
    Optional<RemoteRoomInfo> resolve(String key) {
        String rest = key.substring(KEY_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        String channel = rest.substring(0, colon);
        String matrixUser = rest.substring(colon + 1);
        Optional<Login> login = loginOf(matrixUser);
        List<String> in = membersOf(channel);
        if (login.isEmpty() || !in.contains(login.get().slackUser())) {
            return Optional.empty();
        }
        List<String> others = in.stream().filter(m -> !m.equals(login.get().slackUser())).toList();
        String first = others.isEmpty() ? login.get().slackUser() : others.getFirst();
        String name = String.join(", ", (others.isEmpty() ? List.of(first) : others).stream().map(this::name).toList());
        RemoteRoomId room = RemoteRoomId.perLogin(PortalNames.room(directory.teamId(), channel).value(), matrixUser);
        return Optional.of(RemoteRoomInfo.direct(room, name, new RemoteUserId(first), matrixUser));
    }

    private String name(String userId) {
        try {
            return directory.person(userId).name();
        } catch (SlackBridgeException e) {
            return userId;
        }
    }

    /** The same event in another room: a DM's shared event in one member's copy. */
    static RemoteEvent retarget(RemoteEvent event, RemoteRoomId room) {
        return switch (event) {
            case RemoteEvent.Message m -> new RemoteEvent.Message(room, m.sender(), m.senderName(), m.id(), m.timestamp(),
                    m.content(), m.replyTo(), m.thread());
            case RemoteEvent.Edit e -> new RemoteEvent.Edit(room, e.sender(), e.target(), e.timestamp(), e.content());
            case RemoteEvent.Delete d -> new RemoteEvent.Delete(room, d.sender(), d.target(), d.timestamp());
            case RemoteEvent.Reaction r -> new RemoteEvent.Reaction(room, r.sender(), r.target(), r.key(), r.timestamp());
            case RemoteEvent.ReactionRemoved r -> new RemoteEvent.ReactionRemoved(room, r.sender(), r.target(), r.key(),
                    r.timestamp());
            case RemoteEvent.Profile p -> new RemoteEvent.Profile(room, p.sender(), p.displayName(), p.avatar(), p.timestamp());
            default -> throw new IllegalArgumentException("not an event of a DM: " + event.getClass().getSimpleName());
        };
    }
}
