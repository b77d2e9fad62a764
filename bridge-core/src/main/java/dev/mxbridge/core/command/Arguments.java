package dev.mxbridge.core.command;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The arguments of one command message by name, as the sender wrote them (case kept, quotes removed). */
public final class Arguments {
    private final Set<String> declared;
    private final Map<String, String> values;

    Arguments(Set<String> declared, Map<String, String> values) {
        this.declared = Set.copyOf(declared);
        this.values = Map.copyOf(values);
    }

    /**
     * A required argument, or an optional one known to be present.
     *
     * @throws NoSuchElementException if it was not given
     */
    public String get(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("argument " + name + " was not given"));
    }

    /** An argument that may have been left out. */
    public Optional<String> find(String name) {
        if (!declared.contains(name)) {
            throw new IllegalArgumentException("the command has no argument named " + name);
        }
        return Optional.ofNullable(values.get(name));
    }

    /** Names only: values may be passwords. */
    @Override
    public String toString() {
        return "Arguments" + values.keySet();
    }
}
