package dev.mxbridge.core.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.regex.Pattern;

/** Compiled namespace regexes, cached: they are matched on every incoming event. */
final class Patterns {
    private static final Cache<String, Pattern> CACHE = Caffeine.newBuilder().maximumSize(1_000).build();

    private Patterns() {
    }

    /** {@code literal} with regex metacharacters escaped by backslashes: readable in a registration file. */
    static String escape(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    static Pattern compile(String regex) {
        return CACHE.get(regex, Pattern::compile);
    }
}
