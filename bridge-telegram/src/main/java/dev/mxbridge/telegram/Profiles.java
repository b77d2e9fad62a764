package dev.mxbridge.telegram;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.GetUserProfilePhotos;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Telegram users' ghosts: {@code @_telegram_<id>} named "first last", with the newest profile photo. Names come with
 * every message; the photo is looked up ({@code getUserProfilePhotos}) when a user is first seen and whenever their
 * name changes, and uploaded only when it is a new one. What was last bridged is kept in the store once the profile
 * event is stored ({@link #drainPending}, {@link #persist}), so a restart neither uploads every photo again nor
 * forgets a change it had not stored. Also remembers usernames, so {@code @username} mentions become pills.
 */
final class Profiles {
    private static final Logger LOG = LoggerFactory.getLogger(Profiles.class);
    private static final String PROFILES = "telegram.profiles";
    private static final String USERNAMES = "telegram.usernames";
    private final BotApi api;
    private final Map<Long, String> known = new ConcurrentHashMap<>();
    private final Map<String, Long> usernames = new ConcurrentHashMap<>();
    private final Map<Long, String> pending = new ConcurrentHashMap<>();
    private volatile NetworkContext context;

    Profiles(BotApi api) {
        this.api = api;
    }

    void start(NetworkContext started) {
        context = started;
    }

    static String displayName(User user) {
        return user.getLastName() == null || user.getLastName().isBlank() ? user.getFirstName()
                : user.getFirstName() + " " + user.getLastName();
    }

    static RemoteUserId id(User user) {
        return new RemoteUserId(user.getId().toString());
    }

    /** A profile event if the user's name or photo changed since last bridged. */
    Optional<RemoteEvent> check(User user, RemoteRoomId room, Instant at) {
        rememberUsername(user);
        String name = displayName(user);
        String before = known.computeIfAbsent(user.getId(),
                id -> context.store().get(PROFILES, id.toString()).orElse(""));
        String beforeName = before.contains("\u0000") ? before.substring(0, before.indexOf('\u0000')) : before;
        if (!before.isEmpty() && beforeName.equals(name)) {
            return Optional.empty();
        }
        String beforePhoto = before.contains("\u0000") ? before.substring(before.indexOf('\u0000') + 1) : "";
        Optional<String> avatar = Optional.empty();
        String photo = beforePhoto;
        try {
            Optional<PhotoSize> newest = newestPhoto(user.getId());
            if (newest.isPresent() && !newest.get().getFileUniqueId().equals(beforePhoto)) {
                byte[] bytes = api.download(newest.get().getFileId(), Optional.empty());
                avatar = Optional.of(context.upload(bytes, "image/jpeg", "avatar.jpg"));
                photo = newest.get().getFileUniqueId();
            }
        } catch (TelegramApiException | IOException e) {
            LOG.info("no profile photo for Telegram user {}: {}", user.getId(), BotApi.describe(e));
        }
        String now = name + "\u0000" + photo;
        known.put(user.getId(), now);
        pending.put(user.getId(), now);
        return Optional.of(new RemoteEvent.Profile(room, id(user), Optional.of(name), avatar, at));
    }

    private Optional<PhotoSize> newestPhoto(long userId) throws TelegramApiException {
        List<List<PhotoSize>> photos = api.client().execute(GetUserProfilePhotos.builder().userId(userId).offset(0)
                .limit(1).build()).getPhotos();
        return photos == null || photos.isEmpty() || photos.getFirst().isEmpty() ? Optional.empty()
                : Optional.of(photos.getFirst().getLast());
    }

    /** The profiles checked since the last call, to {@link #persist} once their events are stored. */
    Map<Long, String> drainPending() {
        Map<Long, String> taken = Map.copyOf(pending);
        taken.keySet().forEach(pending::remove);
        return taken;
    }

    void persist(Map<Long, String> profiles) {
        profiles.forEach((id, value) -> context.store().put(PROFILES, id.toString(), value));
    }

    void rememberUsername(User user) {
        if (user.getUserName() != null && !user.getUserName().isBlank()) {
            String key = user.getUserName().toLowerCase(Locale.ROOT);
            Long before = usernames.put(key, user.getId());
            if (before == null || !before.equals(user.getId())) {
                context.store().put(USERNAMES, key, user.getId().toString());
            }
        }
    }

    Optional<Long> byUsername(String username) {
        String key = username.toLowerCase(Locale.ROOT);
        Long id = usernames.get(key);
        if (id != null) {
            return Optional.of(id);
        }
        return context.store().get(USERNAMES, key).map(Long::parseLong);
    }
}
