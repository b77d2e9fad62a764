package dev.mxbridge.testkit.slack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A channel, DM or group DM with its members and messages. Guarded by the {@link Workspace} monitor. */
final class Conversation {
    final String id;
    final SlackChannel.Kind kind;
    final long created;
    final String creator;
    final Set<String> members = new LinkedHashSet<>();
    final List<String> previousNames = new ArrayList<>();
    /** Every message, thread replies included, by timestamp in microseconds. */
    final NavigableMap<Long, StoredMessage> messages = new TreeMap<>();
    String name;
    String topic = "";
    String topicCreator = "";
    long topicSet;
    String purpose = "";
    String purposeCreator = "";
    long purposeSet;
    boolean archived;

    Conversation(String id, SlackChannel.Kind kind, String name, long created, String creator) {
        this.id = id;
        this.kind = kind;
        this.name = name;
        this.created = created;
        this.creator = creator;
    }

    boolean isChannel() {
        return kind == SlackChannel.Kind.PUBLIC || kind == SlackChannel.Kind.PRIVATE;
    }

    /** Public channels are visible to everyone in the workspace; everything else only to its members. */
    boolean visibleTo(String userId) {
        return kind == SlackChannel.Kind.PUBLIC || members.contains(userId);
    }

    Optional<StoredMessage> message(String ts) {
        if (!Ids.isTs(ts)) {
            return Optional.empty();
        }
        return Optional.ofNullable(messages.get(Ids.micros(ts))).filter(m -> m.ts.equals(normal(ts)));
    }

    /** The replies to the thread whose parent has {@code threadTs}, oldest first, the parent excluded. */
    List<StoredMessage> replies(String threadTs) {
        return messages.values().stream().filter(m -> threadTs.equals(m.threadTs) && !m.ts.equals(threadTs)).toList();
    }

    /** The scope a token needs to read this conversation's metadata ({@code conversations.info}). */
    String readScope() {
        return scopePrefix(kind) + ":read";
    }

    /** The scope a token needs to read this conversation's messages. */
    String historyScope() {
        return scopePrefix(kind) + ":history";
    }

    /** {@code channels}, {@code groups}, {@code im} or {@code mpim}: the first half of the kind's scopes. */
    static String scopePrefix(SlackChannel.Kind kind) {
        return switch (kind) {
            case PUBLIC -> "channels";
            case PRIVATE -> "groups";
            case DM -> "im";
            case GROUP_DM -> "mpim";
        };
    }

    SlackChannel snapshot() {
        return new SlackChannel(id, name, kind, topic, purpose, archived, List.copyOf(members));
    }

    private static String normal(String ts) {
        return Ids.format(Ids.micros(ts));
    }
}
