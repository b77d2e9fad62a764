package dev.mxbridge.irc.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;

/**
 * The bridge's log on stdout, configured in code (found by Logback through {@code ServiceLoader}): what the former
 * {@code logback.xml} said, without loading Logback's XML configurator and the JDK's XML parser (about 400 classes,
 * a few MiB of class metadata that would stay for the life of the process).
 *
 * <p>{@code MXBRIDGE_LOG_LEVEL} (default {@code INFO}), {@code MXBRIDGE_LOG_FORMAT} ({@code text} or {@code json}) and
 * {@code MXBRIDGE_TRACE} (default {@code OFF}) are read from a system property, else the environment. PircBotX logs
 * an INFO line for every IRC line in and out of every connection: only its warnings are kept. Given a
 * {@code -Dlogback.configurationFile}, or with a {@code logback-test.xml} on the class path (tests), Logback's own
 * XML configuration runs instead.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Loggers kept at a level of their own, whatever {@code MXBRIDGE_LOG_LEVEL} says. */
    private static final Map<String, Level> QUIET = Map.of(
            "org.pircbotx", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN);

    /** Called by Logback's {@code ServiceLoader}. */
    public LogConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(json() ? "json" : "text");
        console.setEncoder(encoder(context));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("MXBRIDGE_LOG_LEVEL", "INFO"), Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        // MXBRIDGE_TRACE=DEBUG: a line per message as the AS API receives it, as it is written to and read from IRC
        // and as it is sent to the homeserver (epoch microseconds), as bench/run-e2e.sh reads them.
        context.getLogger("dev.mxbridge.trace").setLevel(Level.toLevel(setting("MXBRIDGE_TRACE", "OFF"), Level.OFF));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean json() {
        return setting("MXBRIDGE_LOG_FORMAT", "text").toLowerCase(Locale.ROOT).equals("json");
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context) {
        if (json()) {
            // Level, loggerName, threadName, the formatted message, timestamp and the MDC (room_id, event_id).
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        return encoder;
    }

    /** A system property, else the environment variable of that name, else the default. */
    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? otherwise : value.trim();
    }
}
