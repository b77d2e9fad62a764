package dev.mxbridge.core.command;

import java.util.ArrayList;
import java.util.List;

/** A reply sink that records what was sent. */
final class Replies implements ReplySink {
    final List<String> sent = new ArrayList<>();

    @Override
    public void send(String text) {
        sent.add(text);
    }

    /** The only reply; fails if there was not exactly one. */
    String only() {
        if (sent.size() != 1) {
            throw new AssertionError("expected one reply, got " + sent);
        }
        return sent.getFirst();
    }
}
