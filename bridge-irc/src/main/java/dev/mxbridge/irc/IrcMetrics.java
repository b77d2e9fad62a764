package dev.mxbridge.irc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The IRC side's meters, per role ({@code bot}: the bridge bot; {@code puppet}: the Matrix users' connections):
 * connections up ({@code irc_connections}), reconnect attempts ({@code irc_reconnects_total}), lines sent to the
 * server ({@code irc_lines_sent_total}) and lines the network's flood policy ({@code message_delay}) held back
 * before they went out ({@code irc_lines_throttled_total}).
 */
final class IrcMetrics {
    private final Meters bot;
    private final Meters puppet;

    IrcMetrics(MeterRegistry registry) {
        this.bot = new Meters("bot", registry);
        this.puppet = new Meters("puppet", registry);
    }

    /** Meters the bridge does not serve, shared by every connection made outside a bridge (tests, tools). */
    private static final Meters UNREGISTERED = new Meters("none", new SimpleMeterRegistry());

    static Meters unregistered() {
        return UNREGISTERED;
    }

    Meters bot() {
        return bot;
    }

    Meters puppet() {
        return puppet;
    }

    /** One role's meters. */
    static final class Meters {
        private final AtomicInteger up = new AtomicInteger();
        private final Counter reconnects;
        private final Counter sent;
        private final Counter throttled;

        private Meters(String role, MeterRegistry registry) {
            Gauge.builder("irc_connections", up, AtomicInteger::get).tag("role", role)
                    .description("IRC connections registered with the server (welcomed)").register(registry);
            reconnects = Counter.builder("irc_reconnects").tag("role", role)
                    .description("attempts to connect again after a connection dropped or failed").register(registry);
            sent = Counter.builder("irc_lines_sent").tag("role", role)
                    .description("lines sent to the IRC server").register(registry);
            throttled = Counter.builder("irc_lines_throttled").tag("role", role)
                    .description("lines that waited for the network's message delay before going out").register(registry);
        }

        void connected() {
            up.incrementAndGet();
        }

        void disconnected() {
            up.decrementAndGet();
        }

        void reconnecting() {
            reconnects.increment();
        }

        void sent() {
            sent.increment();
        }

        void throttled() {
            throttled.increment();
        }
    }
}
