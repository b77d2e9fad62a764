package dev.mxbridge.testkit.slack;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Slack's cursor pagination: a page of at most {@code limit} items and an opaque {@code next_cursor}, empty on the
 * last page. Cursors are base64 of the next item's offset; anything else is {@code invalid_cursor}.
 */
record Pages<T>(List<T> items, String nextCursor) {
    static <T> Pages<T> of(List<T> all, Args args, int defaultLimit, int maxLimit) {
        int limit = Math.max(1, Math.min(args.integer("limit", defaultLimit), maxLimit));
        int start = args.string("cursor").map(Pages::offset).orElse(0);
        int end = Math.min(all.size(), start + limit);
        List<T> page = start >= all.size() ? List.of() : all.subList(start, end);
        String next = end < all.size() ? cursor(end) : "";
        return new Pages<>(page, next);
    }

    boolean hasMore() {
        return !nextCursor.isEmpty();
    }

    private static String cursor(int offset) {
        return Base64.getEncoder().encodeToString(("next:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor) {
        try {
            String text = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("next:")) {
                return Integer.parseInt(text.substring(5));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error
        }
        throw new SlackError("invalid_cursor");
    }
}
