package dev.mxbridge.core.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.network.Localparts;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import java.util.Optional;

/**
 * Ghosts: the virtual Matrix users standing for remote users, {@code @<user_prefix><escaped remote id>:<domain>}.
 * They are registered lazily, their display name is set only when it changed, and they join rooms on first use;
 * all three are remembered (database and cache), so the hot path makes no redundant homeserver calls.
 */
public final class Ghosts {
    private final Sql sql;
    private final MatrixClient matrix;
    private final String prefix;
    private final String domain;
    private final Cache<RemoteUserId, GhostRow> rows = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Cache<String, Boolean> joined = Caffeine.newBuilder().maximumSize(500_000).build();
    private final Cache<String, String> avatars = Caffeine.newBuilder().maximumSize(100_000).build();

    private record GhostRow(String userId, Optional<String> displayName, boolean registered) {
    }

    public Ghosts(Database db, MatrixClient matrix, String userPrefix, String domain) {
        this.sql = new Sql(db);
        this.matrix = matrix;
        this.prefix = userPrefix;
        this.domain = domain;
    }

    /** The ghost's user id for a remote user. */
    public UserId userId(RemoteUserId remote) {
        return UserId.of(prefix + Localparts.escape(remote.value()), domain);
    }

    /** The remote user behind a ghost's user id, if it is one of ours. */
    public Optional<RemoteUserId> remoteId(String userId) {
        try {
            UserId id = new UserId(userId);
            if (!id.server().equals(domain) || !id.localpart().startsWith(prefix) || id.localpart().length() == prefix.length()) {
                return Optional.empty();
            }
            return Optional.of(new RemoteUserId(Localparts.unescape(id.localpart().substring(prefix.length()))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The ghost's intent, registered, with {@code displayName} set if given and different from the last one set.
     */
    public Intent ensure(RemoteUserId remote, Optional<String> displayName) {
        GhostRow row = rows.get(remote, this::load);
        Intent ghost = matrix.intent(new UserId(row.userId()));
        if (!row.registered()) {
            ghost.register();
            row = new GhostRow(row.userId(), row.displayName(), true);
            save(remote, row);
        }
        if (displayName.isPresent() && !displayName.equals(row.displayName())) {
            ghost.setDisplayName(displayName.get());
            row = new GhostRow(row.userId(), displayName, true);
            save(remote, row);
        }
        return ghost;
    }

    /** Sets the ghost's avatar if it differs from the last one set. */
    public void ensureAvatar(RemoteUserId remote, String mxcUri) {
        String key = remote.value();
        if (mxcUri.equals(avatars.getIfPresent(key))) {
            return;
        }
        String stored = sql.first("SELECT avatar_url FROM ghost WHERE remote_user_id = ?", rs -> String.valueOf(rs.getString(1)), key).orElse("");
        if (!mxcUri.equals(stored)) {
            Intent ghost = ensure(remote, Optional.empty());
            ghost.setAvatarUrl(dev.mxbridge.core.client.MxcUri.parse(mxcUri));
            sql.update("UPDATE ghost SET avatar_url = ? WHERE remote_user_id = ?", mxcUri, key);
        }
        avatars.put(key, mxcUri);
    }

    /** Makes the ghost a member of {@code room}, asking {@code inviter} for an invite if the room is not public. */
    public void ensureJoined(Intent ghost, RoomId room, Intent inviter) {
        String key = room.value() + " " + ghost.userId().value();
        if (joined.getIfPresent(key) != null) {
            return;
        }
        try {
            ghost.join(room);
        } catch (MatrixException e) {
            if (!e.isForbidden()) {
                throw e;
            }
            inviter.invite(room, ghost.userId());
            ghost.join(room);
        }
        joined.put(key, Boolean.TRUE);
    }

    /** Forgets that the ghost is in {@code room} (it left or was removed). */
    public void left(UserId ghost, RoomId room) {
        joined.invalidate(room.value() + " " + ghost.value());
    }

    private GhostRow load(RemoteUserId remote) {
        return sql.first("SELECT user_id, display_name, registered FROM ghost WHERE remote_user_id = ?",
                        rs -> new GhostRow(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getBoolean(3)), remote.value())
                .orElseGet(() -> new GhostRow(userId(remote).value(), Optional.empty(), false));
    }

    private void save(RemoteUserId remote, GhostRow row) {
        sql.inTransaction(c -> {
            if (Sql.update(c, "UPDATE ghost SET display_name = ?, registered = ? WHERE remote_user_id = ?",
                    row.displayName().orElse(null), row.registered(), remote.value()) == 0) {
                Sql.update(c, "INSERT INTO ghost (remote_user_id, user_id, display_name, avatar_url, registered) VALUES (?, ?, ?, NULL, ?)",
                        remote.value(), row.userId(), row.displayName().orElse(null), row.registered());
            }
            return null;
        });
        rows.put(remote, row);
    }
}
