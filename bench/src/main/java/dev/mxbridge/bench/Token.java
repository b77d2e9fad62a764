package dev.mxbridge.bench;

import java.util.Optional;

/**
 * What a benchmark message carries through the bridge so the far side can time it: the run, the message's number
 * in the run and its due time ({@link System#nanoTime}; on Linux that is {@code CLOCK_MONOTONIC}, one clock for
 * every process of the machine, so the bridge JVM and the driver JVM can subtract each other's readings). Written
 * into the message text as {@code mxb:<run>:<seq>:<due>}, followed by filler to a realistic length; found again
 * anywhere in a text, so relay prefixes do not matter.
 */
record Token(int run, int seq, long dueNanos) {
    private static final String MARK = "mxb:";
    private static final String FILLER = " the quick brown fox jumps over the lazy dog while bridges carry messages";

    /** The message text: the token and about 75 characters of words. */
    String text() {
        return MARK + run + ":" + seq + ":" + dueNanos + FILLER;
    }

    /** The token in {@code text}, if it has one. */
    static Optional<Token> find(String text) {
        int at = text.indexOf(MARK);
        if (at < 0) {
            return Optional.empty();
        }
        int a = text.indexOf(':', at + MARK.length());
        int b = a < 0 ? -1 : text.indexOf(':', a + 1);
        if (b < 0) {
            return Optional.empty();
        }
        int end = b + 1;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        try {
            return Optional.of(new Token(Integer.parseInt(text.substring(at + MARK.length(), a)),
                    Integer.parseInt(text.substring(a + 1, b)), Long.parseLong(text.substring(b + 1, end))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
