package dev.mxbridge.core.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Keys seen within a retention, in memory, as the first 128 bits of their SHA-256 (23 to 46 bytes a key, as the table
 * doubles when 70 % full: a million keys take 23–46 MB): the event ids the journal looks an arriving event up in, and
 * the delivery keys of the remote inbox. The database keeps the keys too, and their owner loads them back at
 * start-up. A chance collision of two keys is about 10<sup>-25</sup> for ten million keys, and keys are not
 * chosen freely by anyone who could aim at another's. Keys are kept in generations of a quarter of the retention
 * each; a generation is dropped when its newest key is older than the retention, so keys are kept at least that long
 * and at most a quarter longer.
 *
 * <p>Not thread-safe: its owners call it under their append lock.
 */
public final class RecentKeys {
    private final long retentionMillis;
    private final long generationMillis;
    private final ArrayDeque<Generation> generations = new ArrayDeque<>();
    private final MessageDigest sha256;

    public RecentKeys(Duration retention) {
        this.retentionMillis = retention.toMillis();
        this.generationMillis = Math.max(1, retentionMillis / 4);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A key's digest, to look up and then add without hashing twice. */
    public Key key(String value) {
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
        return new Key(digest.getLong(), digest.getLong() | 1); // never (0, 0), the empty slot
    }

    public boolean contains(Key key) {
        for (Generation g : generations) {
            if (g.ids.contains(key.hi(), key.lo())) {
                return true;
            }
        }
        return false;
    }

    /** Adds a key received at {@code receivedAt} (epoch ms; not earlier than the keys added before it). */
    public void add(Key key, long receivedAt) {
        Generation newest = generations.peekLast();
        if (newest == null || receivedAt - newest.startedAt >= generationMillis) {
            newest = new Generation(receivedAt);
            generations.addLast(newest);
        }
        newest.ids.add(key.hi(), key.lo());
        newest.newestAt = Math.max(newest.newestAt, receivedAt);
        while (generations.size() > 1 && generations.peekFirst().newestAt < receivedAt - retentionMillis) {
            generations.removeFirst();
        }
    }

    /** Keys held. */
    long size() {
        return generations.stream().mapToLong(g -> g.ids.size).sum();
    }

    /** A digest of a key. */
    public record Key(long hi, long lo) {
    }

    private static final class Generation {
        final long startedAt;
        long newestAt;
        final LongPairSet ids = new LongPairSet();

        Generation(long startedAt) {
            this.startedAt = startedAt;
            this.newestAt = startedAt;
        }
    }

    /** An open-addressing set of non-zero pairs of longs, linear probing, grown at 70 % full. */
    private static final class LongPairSet {
        private long[] his = new long[1024];
        private long[] los = new long[1024];
        int size;

        boolean contains(long hi, long lo) {
            int mask = his.length - 1;
            for (int i = slot(hi, mask); ; i = (i + 1) & mask) {
                if (his[i] == hi && los[i] == lo) {
                    return true;
                }
                if (his[i] == 0 && los[i] == 0) {
                    return false;
                }
            }
        }

        void add(long hi, long lo) {
            if (size + 1 > his.length * 7L / 10) {
                grow();
            }
            if (insert(his, los, hi, lo)) {
                size++;
            }
        }

        private static int slot(long hi, int mask) {
            return (int) (hi ^ (hi >>> 32)) & mask; // the digest is uniform: its bits need no mixing
        }

        private static boolean insert(long[] his, long[] los, long hi, long lo) {
            int mask = his.length - 1;
            for (int i = slot(hi, mask); ; i = (i + 1) & mask) {
                if (his[i] == hi && los[i] == lo) {
                    return false;
                }
                if (his[i] == 0 && los[i] == 0) {
                    his[i] = hi;
                    los[i] = lo;
                    return true;
                }
            }
        }

        private void grow() {
            long[] newHis = new long[his.length * 2];
            long[] newLos = new long[los.length * 2];
            for (int i = 0; i < his.length; i++) {
                if (his[i] != 0 || los[i] != 0) {
                    insert(newHis, newLos, his[i], los[i]);
                }
            }
            his = newHis;
            los = newLos;
        }
    }
}
