package dev.mxbridge.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One letter of a channel {@code MODE} change ({@code +ob-v+kb nick mask nick key mask}): set or taken, with its
 * argument where the letter takes one. Ranks ({@code o v q a h}), lists ({@code b e I}) and the key take one either
 * way, the limit ({@code l}) only when set; a letter short of its argument is dropped.
 */
record ModeChange(boolean add, char mode, Optional<String> arg) {

    /** The letters of {@code change} in order, each with its argument from {@code args}. */
    static List<ModeChange> parse(String change, List<String> args) {
        List<ModeChange> out = new ArrayList<>();
        boolean add = true;
        int next = 0;
        for (char m : change.toCharArray()) {
            switch (m) {
                case '+' -> add = true;
                case '-' -> add = false;
                case 'o', 'v', 'q', 'a', 'h', 'b', 'e', 'I', 'k', 'l' -> {
                    if (m == 'l' && !add) {
                        out.add(new ModeChange(false, m, Optional.empty()));
                    } else if (next < args.size()) {
                        out.add(new ModeChange(add, m, Optional.of(args.get(next++))));
                    }
                }
                default -> out.add(new ModeChange(add, m, Optional.empty()));
            }
        }
        return out;
    }
}
