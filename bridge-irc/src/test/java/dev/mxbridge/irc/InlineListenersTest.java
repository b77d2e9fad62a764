package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.Listener;
import org.pircbotx.hooks.events.SocketConnectEvent;

class InlineListenersTest {
    @Test
    void listenersRunInOrderOnTheCallersThreadAndOneFailureStopsNoOther() {
        InlineListeners manager = new InlineListeners();
        List<String> calls = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Listener first = event -> calls.add("first on " + (Thread.currentThread() == caller ? "caller" : "other"));
        Listener failing = event -> {
            calls.add("failing");
            throw new IllegalStateException("boom");
        };
        Listener last = event -> calls.add("last");
        manager.addListener(first);
        manager.addListener(failing);
        manager.addListener(last);
        manager.addListener(first);

        Event event = new SocketConnectEvent(null);
        manager.onEvent(event);
        manager.onEvent(event);

        assertThat(calls).containsExactly("first on caller", "failing", "last", "first on caller", "failing", "last");
        assertThat(manager.removeListener(failing)).isTrue();
        assertThat(manager.listenerExists(failing)).isFalse();
        assertThat(manager.getListeners()).containsExactly(first, last);
    }
}
