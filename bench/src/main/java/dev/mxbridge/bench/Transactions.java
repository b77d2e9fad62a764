package dev.mxbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Makes transaction bodies like a busy homeserver's: {@code m.room.message} events of about 500 bytes of JSON, spread over a
 * number of rooms and senders, with unique event ids. A thread of its own prepares them ahead, so building bodies
 * does not sit between two requests of the serial scenario.
 */
final class Transactions {
    private static final String WORDS = "the quick brown fox jumps over the lazy dog while bridges carry messages "
            + "between networks and every event is stored before the homeserver hears back from us ";

    /** A body ready to send, with its transaction id. */
    record Txn(String id, byte[] body) {
    }

    private final int eventsPerTxn;
    private final int rooms;
    private final String runId;
    private final BlockingQueue<Txn> ready = new ArrayBlockingQueue<>(64);
    private final Thread maker;
    private volatile boolean stopped;

    Transactions(int eventsPerTxn, int rooms, String runId) {
        this.eventsPerTxn = eventsPerTxn;
        this.rooms = rooms;
        this.runId = runId;
        this.maker = Thread.ofPlatform().daemon().name("txn-maker").start(this::make);
    }

    Txn next() throws InterruptedException {
        return ready.take();
    }

    void stop() {
        stopped = true;
        maker.interrupt();
    }

    private void make() {
        SplittableRandom random = new SplittableRandom(42);
        try {
            for (long n = 0; !stopped; n++) {
                String id = runId + "." + n;
                ready.put(new Txn(id, body(id, random)));
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private byte[] body(String txnId, SplittableRandom random) {
        StringBuilder s = new StringBuilder(eventsPerTxn * 520).append("{\"events\":[");
        long now = System.currentTimeMillis();
        for (int i = 0; i < eventsPerTxn; i++) {
            if (i > 0) {
                s.append(',');
            }
            int start = random.nextInt(50);
            s.append("{\"type\":\"m.room.message\",\"room_id\":\"!room").append(random.nextInt(rooms))
                    .append(":" + NoopBridge.DOMAIN + "\",\"sender\":\"@user").append(random.nextInt(1000))
                    .append(":remote.example\",\"event_id\":\"$").append(txnId).append('_').append(i)
                    .append("_bench\",\"origin_server_ts\":").append(now - random.nextInt(500))
                    .append(",\"content\":{\"msgtype\":\"m.text\",\"body\":\"")
                    .append(WORDS, start, start + 100).append(WORDS)
                    .append("\"},\"unsigned\":{\"age\":").append(random.nextInt(1000)).append("}}");
        }
        return s.append("],\"ephemeral\":[]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
