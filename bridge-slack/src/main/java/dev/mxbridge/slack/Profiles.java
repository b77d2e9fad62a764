package dev.mxbridge.slack;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Ghosts' names and avatars from Slack profiles: a profile event before a user's first post (and whenever their
 * avatar changed since), and on {@code user_change}, pushed with the channel the user was last seen in (a profile
 * event needs a room to be ordered with). Avatars are copied to the media repository once per picture. Thread-safe.
 */
final class Profiles {
    private final Directory directory;
    private final NetworkContext context;
    private final SlackFiles files;
    /** The last channel each user was seen in, where their profile changes are pushed. */
    private final Map<String, RemoteRoomId> lastSeen = new ConcurrentHashMap<>();
    /** The avatar URL each user's ghost last got, so a changed picture is uploaded once. */
    private final Map<String, String> avatars = new ConcurrentHashMap<>();

    Profiles(Directory directory, NetworkContext context, SlackFiles files) {
        this.directory = directory;
        this.context = context;
        this.files = files;
    }

    List<RemoteEvent> changed(JsonNode event) {
        JsonNode user = event.path("user");
        JsonNode profile = user.path("profile");
        String id = user.path("id").asString();
        String name = Directory.firstNonBlank(profile.path("display_name").asString(""), profile.path("real_name").asString(""),
                user.path("real_name").asString(""), user.path("name").asString(""));
        Optional<String> avatar = Optional.of(Directory.firstNonBlank(profile.path("image_192").asString(""),
                profile.path("image_72").asString(""))).filter(s -> !s.isEmpty());
        directory.update(new Directory.Person(id, name, avatar));
        RemoteRoomId room = lastSeen.get(id);
        if (room == null) {
            return List.of(); // not seen in any bridged channel yet: the first message carries the new name
        }
        return List.of(new RemoteEvent.Profile(room, new RemoteUserId(id), Optional.of(name), uploadedAvatar(id, avatar),
                Inbound.instant(event.path("event_ts").asString())));
    }

    /** A profile event before a user's first message (their avatar) or when their avatar changed since. */
    Optional<RemoteEvent> beforeFirstPost(RemoteRoomId room, JsonNode event) {
        String user = event.path("user").asString("");
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (!event.path("channel_type").asString("").matches("im|mpim")) {
            lastSeen.put(user, room); // a DM's copies are per login; a profile change goes to a channel
        }
        Directory.Person person;
        try {
            person = directory.person(user);
        } catch (SlackBridgeException e) {
            return Optional.empty(); // the name comes with the message; the picture with a later one
        }
        if (person.avatarUrl().isEmpty() || person.avatarUrl().get().equals(avatars.get(user))) {
            return Optional.empty();
        }
        return Optional.of(new RemoteEvent.Profile(room, new RemoteUserId(user), Optional.of(person.name()),
                uploadedAvatar(user, person.avatarUrl()), Inbound.instant(event.path("ts").asString(event.path("event_ts").asString()))));
    }

    private Optional<String> uploadedAvatar(String user, Optional<String> url) {
        if (url.isEmpty() || url.get().equals(avatars.get(user))) {
            return Optional.empty();
        }
        Optional<String> mxc = files.avatar(url.get(), context);
        mxc.ifPresent(m -> avatars.put(user, url.get()));
        return mxc;
    }
}
