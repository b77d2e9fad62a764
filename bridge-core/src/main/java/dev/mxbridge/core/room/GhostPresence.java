package dev.mxbridge.core.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ghosts' presence from the remote side alive. Synapse turns a user who never syncs offline about 30 seconds
 * after their presence was last set, and ghosts never sync: so a presence set from the remote side (an IRC
 * {@code AWAY}, or coming back) is set again every {@code every} until the remote side changes it or the ghost
 * leaves a room. At most {@code limit} ghosts are kept (Caffeine's size bound: mostly the most recently set); the
 * rest decay as before. One virtual
 * thread, started with the first presence and sleeping in between.
 *
 * <p>Threading: {@link #set} and {@link #forget} from any thread (the remote rooms' lanes).
 */
final class GhostPresence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GhostPresence.class);

    /** A presence to keep: {@code online} or {@code unavailable}, with the away message if any. */
    record State(String presence, Optional<String> statusMessage) {
    }

    private final BiConsumer<String, State> setter;
    private final Duration every;
    private final Cache<String, State> kept;
    private Thread refresher; // guarded by this
    private volatile boolean closed;

    /** @param setter sets one ghost's presence on the homeserver (throws when it cannot) */
    GhostPresence(BiConsumer<String, State> setter, Duration every, int limit) {
        this.setter = setter;
        this.every = every;
        this.kept = Caffeine.newBuilder().maximumSize(limit).build();
    }

    /** Sets a ghost's presence now and keeps it set. */
    void set(String ghost, State state) {
        setter.accept(ghost, state);
        kept.put(ghost, state);
        synchronized (this) {
            if (refresher == null && !closed) {
                refresher = Thread.ofVirtual().name("ghost-presence").start(this::refresh);
            }
        }
    }

    /** Stops keeping a ghost's presence (it left): the homeserver lets it decay. */
    void forget(String ghost) {
        kept.invalidate(ghost);
    }

    /** The ghosts kept, with their presence. */
    Map<String, State> kept() {
        kept.cleanUp();
        return Map.copyOf(kept.asMap());
    }

    private void refresh() {
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            for (Map.Entry<String, State> ghost : kept.asMap().entrySet()) {
                if (closed) {
                    return;
                }
                try {
                    setter.accept(ghost.getKey(), ghost.getValue());
                } catch (RuntimeException e) {
                    LOG.debug("refreshing the presence of {} failed: {}", ghost.getKey(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (refresher != null) {
                refresher.interrupt();
            }
        }
    }
}
