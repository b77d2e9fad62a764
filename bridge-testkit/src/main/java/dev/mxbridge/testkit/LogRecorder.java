package dev.mxbridge.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger (and the loggers under it) logs, for a test that checks what the bridge says: start it
 * before the code under test logs (a static field does), read {@link #events()} or {@link #lines()}. Needs Logback
 * as the SLF4J binding of the test's class path.
 */
public final class LogRecorder implements AutoCloseable {
    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };

    private LogRecorder(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts recording the logger named {@code loggerName}. */
    public static LogRecorder of(String loggerName) {
        return new LogRecorder(loggerName);
    }

    /** Starts recording the logger of {@code type}. */
    public static LogRecorder of(Class<?> type) {
        return new LogRecorder(type.getName());
    }

    /** What was logged so far, oldest first; the list grows as more is logged. */
    public List<ILoggingEvent> events() {
        return events;
    }

    /** What was logged so far, each as {@code LEVEL message}. */
    public List<String> lines() {
        return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Stops recording. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
