package dev.mxbridge.telegram;

import dev.mxbridge.core.network.KeyValueStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The link codes waiting to be used, in the bridge's store so that a restart keeps them until they expire. Each code
 * is one value ({@code telegram.link-codes}); an index of the live codes lets {@link #all} find a chat's code and lets
 * every new code sweep the expired ones away, so codes nobody used do not pile up.
 */
final class LinkCodes {
    private static final String CODES = "telegram.link-codes";
    private static final String INDEX = "telegram.link-codes.index";

    /** A code made in a Telegram chat (for Matrix) or in a Matrix room (for Telegram); {@code place} is that chat or room. */
    record Code(String value, boolean madeInTelegram, String place, Instant expires) {
    }

    private final KeyValueStore store;
    private final Clock clock;

    LinkCodes(KeyValueStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    synchronized Optional<Code> get(String value) {
        return store.get(CODES, value).map(stored -> parse(value, stored));
    }

    /** Stores a new code, and forgets the expired ones. */
    synchronized void put(Code code) {
        List<String> live = new ArrayList<>();
        for (String value : index()) {
            if (get(value).filter(c -> !expired(c)).isPresent()) {
                live.add(value);
            } else {
                store.delete(CODES, value);
            }
        }
        store.put(CODES, code.value(), (code.madeInTelegram() ? "T " : "M ") + code.expires().toEpochMilli() + " "
                + code.place());
        if (!live.contains(code.value())) {
            live.add(code.value());
        }
        store.put(INDEX, "all", String.join(" ", live));
    }

    /** Removes a code; the code if it was there (expired or not). */
    synchronized Optional<Code> remove(String value) {
        Optional<Code> code = get(value);
        if (code.isPresent()) {
            store.delete(CODES, value);
        }
        return code;
    }

    /** The codes not yet used nor swept away, expired ones included. */
    synchronized List<Code> all() {
        return index().stream().flatMap(value -> get(value).stream()).toList();
    }

    boolean expired(Code code) {
        return !clock.instant().isBefore(code.expires());
    }

    private List<String> index() {
        return store.get(INDEX, "all").filter(s -> !s.isBlank()).map(s -> List.of(s.split(" "))).orElse(List.of());
    }

    private static Code parse(String value, String stored) {
        String[] parts = stored.split(" ", 3);
        return new Code(value, parts[0].equals("T"), parts[2], Instant.ofEpochMilli(Long.parseLong(parts[1])));
    }
}
