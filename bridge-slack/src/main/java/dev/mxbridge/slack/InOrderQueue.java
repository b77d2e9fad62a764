package dev.mxbridge.slack;

import com.slack.api.socket_mode.queue.SocketModeMessageQueue;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode messages handed on as they arrive, one at a time and in order, on a thread of our own. The SDK's
 * message processors instead poll their queue once every 10 ms each: one processor (needed to keep Slack's order)
 * would take at most 100 messages a second, and a message waits up to 10 ms for its tick. {@link #poll()} is always
 * empty, so those processors find nothing.
 */
final class InOrderQueue implements SocketModeMessageQueue, AutoCloseable {
    /** What handles a message: the SDK's own {@code processMessage}. */
    interface Processor {
        void process(String message) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(InOrderQueue.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("slack-socket-mode-events").factory());
    private volatile Processor processor = message -> { };

    /** Sets what handles the messages, once the client that processes them exists. */
    void processor(Processor processor) {
        this.processor = processor;
    }

    @Override
    public void add(String message) {
        thread.execute(() -> {
            try {
                processor.process(message);
            } catch (IOException | RuntimeException e) {
                // Not acknowledged: Slack sends an events_api envelope again.
                LOG.warn("Socket Mode message not processed: {}", e.toString());
            }
        });
    }

    @Override
    public String poll() {
        return null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
