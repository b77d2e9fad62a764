package dev.mxbridge.core.room;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time per key, in submission order, keys concurrently: one virtual thread per key that has
 * work, none for idle keys.
 */
final class Lanes<K, T> {
    private final Map<K, ArrayDeque<T>> queues = new HashMap<>();
    private final Consumer<T> worker;
    private final String name;

    Lanes(String name, Consumer<T> worker) {
        this.name = name;
        this.worker = worker;
    }

    void submit(K key, T task) {
        synchronized (queues) {
            ArrayDeque<T> queue = queues.get(key);
            if (queue != null) {
                queue.add(task);
                return;
            }
            queue = new ArrayDeque<>();
            queue.add(task);
            queues.put(key, queue);
        }
        Thread.ofVirtual().name(name + "-" + key).start(() -> drain(key));
    }

    private void drain(K key) {
        while (true) {
            T task;
            synchronized (queues) {
                ArrayDeque<T> queue = queues.get(key);
                task = queue.peek();
                if (task == null) {
                    queues.remove(key);
                    return;
                }
            }
            try {
                worker.accept(task);
            } finally {
                synchronized (queues) {
                    queues.get(key).poll();
                }
            }
        }
    }
}
