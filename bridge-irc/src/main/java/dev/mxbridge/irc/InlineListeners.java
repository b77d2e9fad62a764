package dev.mxbridge.irc;

import com.google.common.collect.ImmutableSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pircbotx.PircBotX;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.Listener;
import org.pircbotx.hooks.managers.ListenerManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listeners on the bot's own (virtual) thread, in the order events arrive. PircBotX's default manager hands
 * every event to a thread pool, one task per listener and event, so two messages can be handled out of order and
 * every bot gets a pool; this one keeps order and costs no thread.
 */
final class InlineListeners implements ListenerManager {
    private static final Logger log = LoggerFactory.getLogger(InlineListeners.class);

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(Event event) {
        for (Listener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Exception e) {
                log.warn("IRC listener {} failed on {}", listener, event.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void addListener(Listener listener) {
        if (!listeners.contains(listener)) {
            listeners.add(listener);
        }
    }

    @Override
    public boolean removeListener(Listener listener) {
        return listeners.remove(listener);
    }

    @Override
    public boolean listenerExists(Listener listener) {
        return listeners.contains(listener);
    }

    @Override
    public ImmutableSet<Listener> getListeners() {
        return ImmutableSet.copyOf(listeners);
    }

    @Override
    public void shutdown(PircBotX bot) {
        // nothing runs elsewhere, so there is nothing to wait for
    }
}
