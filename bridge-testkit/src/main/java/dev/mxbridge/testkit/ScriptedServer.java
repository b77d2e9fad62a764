package dev.mxbridge.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The life cycle shared by the test kit's servers that a script installs, initialises, starts and stops: one
 * instance per test class (shared with its {@code @Nested} classes), started before all its tests and stopped
 * after them, restartable on the same port and data for outage tests, and killed if the JVM exits first.
 *
 * @param <I> what {@code init} reported about the instance
 */
abstract sealed class ScriptedServer<I> implements BeforeAllCallback, AfterAllCallback permits Homeserver, IrcServer {
    private final Scripts scripts;
    private final String script;
    private final String defaultName;
    private final Optional<String> fixedName;
    private final Duration initTimeout;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    private Optional<String> ownerContext = Optional.empty();
    private Optional<I> instance = Optional.empty();
    private String name = "";
    private Optional<Long> pid = Optional.empty();
    private boolean shutdownHookAdded;

    ScriptedServer(String script, String defaultName, Optional<String> fixedName, Duration initTimeout,
                   Duration startTimeout, Duration stopTimeout) {
        this.scripts = Scripts.fromSystemProperties();
        this.script = script;
        this.defaultName = defaultName;
        this.fixedName = fixedName;
        this.initTimeout = initTimeout;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** The arguments of the script's {@code init} after the instance name. */
    abstract List<String> initArguments();

    /** The instance as described by {@code init}'s key=value output. */
    abstract I instance(String name, Map<String, String> initOutput);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerContext.isPresent() && isWithin(context, ownerContext.get())) {
            return; // a @Nested class shares the enclosing class's server
        }
        ownerContext = Optional.of(context.getUniqueId());
        create(fixedName.orElse(context.getRequiredTestClass().getName().replaceAll("[^A-Za-z0-9._-]", "_")));
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ownerContext.filter(context.getUniqueId()::equals).isPresent()) {
            ownerContext = Optional.empty();
            stop();
        }
    }

    /**
     * Starts the server and waits until it answers. The first call creates a fresh instance; after {@link #stop()}
     * it restarts the same instance on the same port with the same data. Does nothing if it runs.
     */
    public synchronized void start() {
        if (instance.isEmpty()) {
            create(fixedName.orElse(defaultName));
        }
        if (pid.isPresent()) {
            return;
        }
        Map<String, String> out = scripts.run(script, startTimeout, "start", name);
        pid = Optional.of(Long.parseLong(Scripts.require(out, "pid", script)));
        if (!shutdownHookAdded) {
            shutdownHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::killOnExit, "mxbridge-testkit-" + defaultName + "-stop"));
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until it is gone; keeps port and data for {@link #start()}. */
    public synchronized void stop() {
        if (instance.isPresent()) {
            scripts.run(script, stopTimeout, "stop", name);
        }
        pid = Optional.empty();
    }

    /** The instance, or a clear error if the extension was never started. */
    synchronized I current() {
        return instance.orElseThrow(() -> new TestKitException("the " + defaultName + " server has not been started:"
                + " register it with @RegisterExtension on a static field, or call start()"));
    }

    /** The instance, if created. */
    synchronized Optional<I> created() {
        return instance;
    }

    private synchronized void create(String instanceName) {
        if (pid.isPresent()) {
            stop();
        }
        List<String> args = new java.util.ArrayList<>(List.of("init", instanceName));
        args.addAll(initArguments());
        Map<String, String> out = scripts.run(script, initTimeout, args.toArray(String[]::new));
        name = instanceName;
        instance = Optional.of(instance(instanceName, out));
    }

    /** Last resort when the JVM exits with the server still up, e.g. after Ctrl-C. */
    private void killOnExit() {
        Optional<Long> running;
        synchronized (this) {
            running = pid;
        }
        running.flatMap(ProcessHandle::of).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    private static boolean isWithin(ExtensionContext context, String ancestorId) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getUniqueId().equals(ancestorId)) {
                return true;
            }
        }
        return false;
    }
}
