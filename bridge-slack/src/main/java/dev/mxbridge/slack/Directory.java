package dev.mxbridge.slack;

import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the bridge knows of the workspace: its people (names, avatars) and the channels the bot is in, looked up
 * through the Web API on first use and kept up to date from events ({@code user_change}, renames, topics, joins).
 * Thread-safe.
 */
final class Directory {
    private final SlackWeb web;
    private final Map<String, Person> people = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile String teamId = "";
    private volatile String teamDomain = "";
    private volatile String botUserId = "";
    private volatile String botId = "";

    Directory(SlackWeb web) {
        this.web = web;
    }

    /** A Slack user as the bridge shows them. */
    record Person(String id, String name, Optional<String> avatarUrl) {
    }

    /** A conversation the bot can see. */
    record Channel(String id, String name, String topic, String purpose, boolean isPrivate, boolean archived,
                   boolean member) {
        Channel renamed(String newName) {
            return new Channel(id, newName, topic, purpose, isPrivate, archived, member);
        }

        Channel withTopic(String newTopic) {
            return new Channel(id, name, newTopic, purpose, isPrivate, archived, member);
        }

        Channel withPurpose(String newPurpose) {
            return new Channel(id, name, topic, newPurpose, isPrivate, archived, member);
        }

        Channel archived(boolean now) {
            return new Channel(id, name, topic, purpose, isPrivate, now, member);
        }
    }

    /** Learns who the bot is and which channels it is in ({@code auth.test}, {@code team.info}, {@code conversations.list}). */
    void load() {
        var auth = web.call("auth.test", c -> c.authTest(r -> r));
        teamId = auth.getTeamId();
        botUserId = auth.getUserId();
        botId = Optional.ofNullable(auth.getBotId()).orElse("");
        teamDomain = web.call("team.info", c -> c.teamInfo(r -> r)).getTeam().getDomain();
        refreshChannels();
    }

    void refreshChannels() {
        String cursor = "";
        do {
            String page = cursor;
            var answer = web.call("conversations.list", c -> c.conversationsList(r -> r.cursor(page.isEmpty() ? null : page)
                    .types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL)).limit(200)));
            answer.getChannels().forEach(this::remember);
            cursor = answer.getResponseMetadata() == null ? "" : Optional.ofNullable(answer.getResponseMetadata().getNextCursor()).orElse("");
        } while (!cursor.isEmpty());
    }

    String teamId() {
        return teamId;
    }

    String teamDomain() {
        return teamDomain;
    }

    String botUserId() {
        return botUserId;
    }

    String botId() {
        return botId;
    }

    Person person(String userId) {
        return people.computeIfAbsent(userId, id -> person(web.call("users.info", c -> c.usersInfo(r -> r.user(id))).getUser()));
    }

    /** The person with this handle ({@code name}, without {@code @}), looked up in {@code users.list}. */
    Optional<String> userNamed(String handle) {
        String cursor = "";
        do {
            String page = cursor;
            var answer = web.call("users.list", c -> c.usersList(r -> r.cursor(page.isEmpty() ? null : page).limit(200)));
            for (User user : answer.getMembers()) {
                if (handle.equals(user.getName())) {
                    return Optional.of(user.getId());
                }
            }
            cursor = answer.getResponseMetadata() == null ? "" : Optional.ofNullable(answer.getResponseMetadata().getNextCursor()).orElse("");
        } while (!cursor.isEmpty());
        return Optional.empty();
    }

    /** Takes a user as {@code user_change} carries it; returns it. */
    Person update(Person person) {
        people.put(person.id(), person);
        return person;
    }

    Optional<Channel> channel(String channelId) {
        Channel known = channels.get(channelId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            return Optional.of(remember(web.call("conversations.info", c -> c.conversationsInfo(r -> r.channel(channelId))).getChannel()));
        } catch (SlackBridgeException e) {
            return Optional.empty();
        }
    }

    /** Every channel known, the bot's among them. */
    List<Channel> channels() {
        return List.copyOf(channels.values());
    }

    /** The channel of this name the bot is in, looking the list up again once if it is not known. */
    Optional<Channel> channelNamed(String name) {
        Optional<Channel> found = findNamed(name);
        if (found.isEmpty()) {
            refreshChannels();
            found = findNamed(name);
        }
        return found;
    }

    private Optional<Channel> findNamed(String name) {
        return channels.values().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    void change(String channelId, java.util.function.UnaryOperator<Channel> change) {
        channels.computeIfPresent(channelId, (id, c) -> change.apply(c));
    }

    private Channel remember(Conversation c) {
        Channel channel = new Channel(c.getId(), Optional.ofNullable(c.getName()).orElse(c.getId()),
                c.getTopic() == null ? "" : c.getTopic().getValue(), c.getPurpose() == null ? "" : c.getPurpose().getValue(),
                c.isPrivate(), c.isArchived(), c.isMember());
        channels.put(channel.id(), channel);
        return channel;
    }

    static Person person(User user) {
        User.Profile p = user.getProfile();
        String name = firstNonBlank(p == null ? null : p.getDisplayName(), p == null ? null : p.getRealName(), user.getRealName(), user.getName());
        Optional<String> avatar = p == null ? Optional.empty()
                : Optional.ofNullable(firstNonBlank(p.getImage192(), p.getImage72(), p.getImage48())).filter(s -> !s.isEmpty());
        return new Person(user.getId(), name, avatar);
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }
}
