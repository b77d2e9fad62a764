package dev.mxbridge.bench;

/**
 * Messages arriving on the Matrix side (at the homeserver stub, or in a Matrix user's sync): each text's
 * {@link Token} belonging to the run under way is timed from its due time; others (a warm-up's stragglers) are
 * ignored.
 */
final class Arrivals {
    private volatile int run = -1;
    private volatile Latencies current = new Latencies();

    /** Starts timing run {@code run}; returns where its latencies go. */
    Latencies expect(int runId) {
        Latencies log = new Latencies();
        current = log;
        run = runId;
        return log;
    }

    /** A message text (or a request body holding one) that arrived at {@code nanos}. */
    void arrived(String text, long nanos) {
        Latencies log = current;
        Token.find(text).filter(t -> t.run() == run).ifPresent(t -> log.add(nanos - t.dueNanos(), nanos));
    }
}
