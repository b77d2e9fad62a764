package dev.mxbridge.bench;

import java.io.IOException;
import java.util.List;

/**
 * Plays the homeserver's side of the AS API as Synapse does: one transaction in flight, each carrying every event
 * that fell due while the previous one was in flight (at most 100), so one event per transaction while the bridge
 * keeps up. Events are {@code m.room.message}s of Matrix users (outside the bridge's namespaces) in portal rooms,
 * round-robin over rooms and senders, each text a {@link Token}.
 */
final class TransactionSender {
    private static final int MAX_EVENTS_PER_TXN = 100;

    private final int port;
    private final String hsToken;
    private final List<String> roomIds;
    private final int users;
    private final String domain;
    private long txnId = System.currentTimeMillis();

    /** What a run sent: messages, transactions, and how long each transaction took to be answered 200. */
    record Sent(int messages, int transactions, Latencies answers) {
    }

    TransactionSender(int port, String hsToken, List<String> roomIds, int users, String domain) {
        this.port = port;
        this.hsToken = hsToken;
        this.roomIds = roomIds;
        this.users = users;
        this.domain = domain;
    }

    /** Sends run {@code run}: {@code count} messages, message n due at {@code start + n/rate} (all at once if 0). */
    Sent send(int run, int count, double rate, long start) throws IOException {
        // A connection per run: the AS API closes keep-alive connections idle for 30 s, as between runs.
        try (HttpConnection http = new HttpConnection("127.0.0.1", port, hsToken)) {
            return send(http, run, count, rate, start);
        }
    }

    private Sent send(HttpConnection http, int run, int count, double rate, long start) throws IOException {
        Schedule schedule = new Schedule(start, rate);
        Latencies answers = new Latencies();
        int txns = 0;
        int n = 0;
        while (n < count) {
            long now = System.nanoTime();
            int batch = Math.min(MAX_EVENTS_PER_TXN, schedule.dueBy(now, count) - n);
            if (batch <= 0) {
                Schedule.sleepUntil(schedule.due(n));
                continue;
            }
            StringBuilder body = new StringBuilder(batch * 330).append("{\"events\":[");
            long ts = System.currentTimeMillis();
            for (int i = 0; i < batch; i++, n++) {
                Token token = new Token(run, n, schedule.due(n));
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"type\":\"m.room.message\",\"room_id\":\"").append(roomIds.get(n % roomIds.size()))
                        .append("\",\"sender\":\"@u").append(n % users).append(':').append(domain)
                        .append("\",\"event_id\":\"$r").append(run).append('n').append(n).append("_bench")
                        .append("\",\"origin_server_ts\":").append(ts)
                        .append(",\"content\":{\"msgtype\":\"m.text\",\"body\":\"").append(token.text())
                        .append("\"},\"unsigned\":{\"age\":0}}");
            }
            body.append("],\"ephemeral\":[]}");
            long t0 = System.nanoTime();
            var answer = http.put("/_matrix/app/v1/transactions/" + (++txnId), body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            answers.add(System.nanoTime() - t0);
            if (answer.status() != 200) {
                throw new IllegalStateException("transaction " + txnId + " answered " + answer.status() + " " + answer.text());
            }
            txns++;
        }
        return new Sent(n, txns, answers);
    }
}
