package dev.mxbridge.core.message;

import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.GroupCommit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which remote message parts may have a row in the message map: a Bloom filter over the remote key of every row,
 * filled from the table in the background when the map opens and kept current by {@link MessageMap#record}. Its
 * "no" is certain, so a live remote message, which is almost always new, skips the database lookup that echo and
 * replay detection would otherwise cost. Its "maybe" (about 1 % of new keys; every key until the first fill is
 * done) sends the caller to the database.
 *
 * <p>It grows: once more keys were added than it was sized for, a filter of twice the capacity is filled the same way
 * while the full one, whose "no" is still certain, keeps answering. Sound as long as the map's rows are written
 * through this process's {@link MessageMap} only, which is how a bridge uses its database.
 */
final class RemoteKeyFilter {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeyFilter.class);
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int HASHES = 7;
    private static final int BITS_PER_KEY = 10; // with 7 hashes: about 0.8 % false "maybe" at capacity
    static final int MIN_CAPACITY = 1 << 20; // 2 MiB of bits: a small bridge never grows it

    private final Database db;
    private final int minCapacity;
    /** Answers once filled; null before. */
    private volatile Bits answering;
    /** Being filled from the table; receives every added key meanwhile. */
    private volatile Bits filling;
    private volatile boolean closed;
    private final AtomicBoolean fillRunning = new AtomicBoolean();

    RemoteKeyFilter(Database db) {
        this(db, MIN_CAPACITY);
    }

    RemoteKeyFilter(Database db, int minCapacity) {
        this.db = db;
        this.minCapacity = minCapacity;
        startFill(0);
    }

    /** Whether {@code key} may have a row: false only if it certainly has none. */
    boolean mightContain(String key) {
        Bits bits = answering;
        return bits == null || bits.mightContain(key);
    }

    /**
     * Notes a key about to get a row. Call it before the row is submitted for writing (so that no lookup finds the key
     * missing both here and in the table), and {@link #addedWritten} after.
     */
    void add(String key) {
        // `filling` first: a finished fill sets `answering` before it clears `filling`, so a key is never added to
        // an old filter only while a new one takes over.
        Bits next = filling;
        Bits bits = answering;
        if (bits != null) {
            bits.add(key);
        }
        if (next != null) {
            next.add(key);
        }
        if (bits != null && bits.added.sum() > bits.capacity && !fillRunning.get()) {
            startFill(bits.capacity * 2);
        }
    }

    /**
     * Notes again a key whose row was just submitted, for a fill that began since {@link #add}: a fill flushes the
     * writes submitted before it began and then reads the table, so a row is either read or added here.
     */
    void addedWritten(String key) {
        Bits next = filling;
        if (next != null) {
            next.add(key);
        }
    }

    /** Whether the first fill is done, so that "no" answers are given. */
    boolean ready() {
        return answering != null;
    }

    /** The number of keys the answering filter is sized for (0 before the first fill). */
    long capacity() {
        Bits bits = answering;
        return bits == null ? 0 : bits.capacity;
    }

    void close() {
        closed = true;
    }

    /** Whether a fill is under way (the first, or one to grow). */
    boolean filling() {
        return fillRunning.get();
    }

    private void startFill(long atLeast) {
        if (fillRunning.compareAndSet(false, true)) {
            Thread.ofVirtual().name("message-map-filter").start(() -> {
                try {
                    fill(atLeast);
                } finally {
                    fillRunning.set(false);
                }
            });
        }
    }

    private void fill(long atLeast) {
        for (int attempt = 1; !closed; attempt++) {
            try {
                fillOnce(atLeast);
                Bits bits = answering;
                if (bits == null || bits.added.sum() <= bits.capacity) {
                    return;
                }
                atLeast = bits.capacity * 2; // keys came faster than the fill: full already, grow again
                attempt = 0;
            } catch (RuntimeException e) {
                filling = null;
                if (closed) {
                    return;
                }
                LOG.warn("could not read the message map's remote keys (attempt {}), looking every message up until "
                        + "it can: {}", attempt, e.toString());
                try {
                    Thread.sleep(Math.min(60_000L, 1_000L << Math.min(attempt, 6)));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void fillOnce(long atLeast) {
        long start = System.nanoTime();
        long rows = db.withConnection(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM message_map")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        Bits bits = new Bits(Math.max(Math.max(minCapacity, atLeast), rows * 2));
        filling = bits;
        // Rows submitted before `filling` was set are committed before the scan reads; later ones are added above.
        GroupCommit writes = db.groupCommit();
        writes.flush();
        long read = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT remote_room_id, remote_msg_id, part FROM message_map")) {
                ps.setFetchSize(10_000);
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && !closed) {
                        bits.add(key(rs.getString(1), rs.getString(2), rs.getInt(3)));
                        n++;
                    }
                }
                return n;
            }
        });
        if (closed) {
            return;
        }
        answering = bits; // before clearing `filling`: see add()
        filling = null;
        LOG.info("message map: {} remote keys read in {} ms into a filter for {} keys; new remote messages skip the "
                + "database", read, (System.nanoTime() - start) / 1_000_000, bits.capacity);
    }

    /** The filter's key of a remote message part. */
    static String key(String remoteRoom, String remoteMessage, int part) {
        return remoteRoom + '\0' + remoteMessage + '\0' + part;
    }

    /** One fixed-size filter: a power-of-two bit array, {@value #HASHES} probes by double hashing. */
    private static final class Bits {
        final long capacity;
        final LongAdder added = new LongAdder();
        private final long[] words;
        private final long mask;

        Bits(long capacity) {
            long bits = Long.highestOneBit(Math.max(64, capacity * BITS_PER_KEY - 1)) << 1;
            if (bits > (1L << 36)) {
                throw new IllegalStateException("message map filter would exceed 8 GiB: " + capacity + " keys");
            }
            this.capacity = capacity;
            this.words = new long[(int) (bits >>> 6)];
            this.mask = bits - 1;
        }

        void add(String key) {
            long h1 = hash(key);
            long h2 = mix(h1 + 0x9E3779B97F4A7C15L) | 1;
            for (int i = 0; i < HASHES; i++) {
                long bit = (h1 + i * h2) & mask;
                WORDS.getAndBitwiseOr(words, (int) (bit >>> 6), 1L << bit);
            }
            added.increment();
        }

        boolean mightContain(String key) {
            long h1 = hash(key);
            long h2 = mix(h1 + 0x9E3779B97F4A7C15L) | 1;
            for (int i = 0; i < HASHES; i++) {
                long bit = (h1 + i * h2) & mask;
                if (((long) WORDS.getVolatile(words, (int) (bit >>> 6)) & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** FNV-1a over the UTF-16 units, then a 64-bit finaliser (MurmurHash3's) to spread the bits. */
        private static long hash(String s) {
            long h = 0xCBF29CE484222325L;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001B3L;
            }
            return mix(h);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
            z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
            return z ^ (z >>> 33);
        }
    }
}
