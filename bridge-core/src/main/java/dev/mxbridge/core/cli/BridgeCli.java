package dev.mxbridge.core.cli;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.core.BridgeException;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.config.ConfigYaml;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.registration.InvalidRegistrationException;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.core.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line every bridge shares: {@code run}, {@code generate-registration}, {@code check-registration},
 * {@code failed-events} and {@code migrate-db}. A network module's {@code main} is one line:
 * {@code System.exit(BridgeCli.run("irc", args, config -> Bridge.builder(config)...start()))}.
 */
public final class BridgeCli {
    private BridgeCli() {
    }

    /**
     * Parses {@code args} and runs the chosen subcommand.
     *
     * @param network the network's name: default AS id and ghost/alias/bot prefix ({@code _network_})
     * @param starter starts the bridge from its configuration
     * @return the process exit code
     */
    public static int run(String network, String[] args, Function<BridgeConfig, Bridge> starter) {
        return run(network, args, starter, NetworkCheck.NONE);
    }

    /**
     * As {@link #run(String, String[], Function)}, with the network's own part of {@code check-config}.
     *
     * @param check what the network checks of its configuration (tokens against its API, scopes)
     */
    public static int run(String network, String[] args, Function<BridgeConfig, Bridge> starter, NetworkCheck check) {
        CommandLine cli = new CommandLine(new Root(network))
                .addSubcommand(new RunCommand(network, starter))
                .addSubcommand(new CheckConfig(network, check))
                .addSubcommand(new GenerateRegistration(network))
                .addSubcommand(new CheckRegistration())
                .addSubcommand(new FailedEvents(network))
                .addSubcommand(new MigrateDb(network, System.getenv()));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BridgeException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Command(name = "bridge", mixinStandardHelpOptions = true, description = "A Matrix application-service bridge.")
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Root(String network) {
        }

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getErr());
        }
    }

    abstract static class WithConfig {
        @Option(names = {"-c", "--config"}, description = "config file (default: ${DEFAULT-VALUE})", defaultValue = "config.yaml")
        Path config;

        final String network;

        WithConfig(String network) {
            this.network = network;
        }

        BridgeConfig config() {
            if (!Files.exists(config)) {
                throw new BridgeException("config file " + config.toAbsolutePath() + " does not exist");
            }
            return ConfigYaml.read(config, network);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the bridge until stopped (SIGTERM or Ctrl-C).")
    static final class RunCommand extends WithConfig implements Callable<Integer> {
        private final Function<BridgeConfig, Bridge> starter;

        RunCommand(String network, Function<BridgeConfig, Bridge> starter) {
            super(network);
            this.starter = starter;
        }

        @Override
        public Integer call() throws InterruptedException {
            Bridge bridge = starter.apply(config());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                bridge.close();
                stopped.countDown();
            }, "bridge-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "generate-registration", mixinStandardHelpOptions = true,
            description = "Write a registration file with fresh tokens for the homeserver, from the config.")
    static final class GenerateRegistration extends WithConfig implements Callable<Integer> {
        @Option(names = {"-o", "--output"}, description = "where to write it (default: appservice.registration of the config)")
        Path output;

        @Option(names = "--force", description = "overwrite an existing file (this changes the tokens)")
        boolean force;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        GenerateRegistration(String network) {
            super(network);
        }

        @Override
        public Integer call() {
            BridgeConfig c = config();
            Path target = output != null ? output : c.appservice().registration();
            if (Files.exists(target) && !force) {
                throw new BridgeException(target + " exists; use --force to replace it (and its tokens)");
            }
            BridgeConfig.AppService as = c.appservice();
            Registration r = Registration.builder().id(as.id()).url(as.url()).senderLocalpart(as.botLocalpart())
                    .exclusiveUsers(as.userPrefix(), c.homeserver().domain())
                    .exclusiveAliases(as.aliasPrefix(), c.homeserver().domain()).protocol(network).build();
            List<String> warnings = r.validate();
            RegistrationYaml.write(r, target);
            PrintWriter out = spec.commandLine().getOut();
            warnings.forEach(w -> out.println("warning: " + w));
            out.println("wrote " + target.toAbsolutePath() + ": add it to app_service_config_files in homeserver.yaml"
                    + " (Synapse) or to app_service_api.config_files in dendrite.yaml (Dendrite), then restart the"
                    + " homeserver");
            return 0;
        }
    }

    @Command(name = "check-registration", mixinStandardHelpOptions = true,
            description = "Check a registration file and list every problem.")
    static final class CheckRegistration implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "FILE", description = "registration file")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                List<String> warnings = RegistrationYaml.read(file).validate();
                warnings.forEach(w -> out.println("warning: " + w));
                out.println(file + ": valid" + (warnings.isEmpty() ? "" : " with " + warnings.size() + " warning(s)"));
                return 0;
            } catch (InvalidRegistrationException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println("error: " + p));
                return 1;
            }
        }
    }

    @Command(name = "failed-events", mixinStandardHelpOptions = true,
            description = "List events the bridge gave up on, with the reason.")
    static final class FailedEvents extends WithConfig implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        FailedEvents(String network) {
            super(network);
        }

        @Override
        public Integer call() {
            BridgeConfig c = config();
            try (Database db = Database.open(c.database()); Journal journal = Journal.jdbc(db, c.journal().transactionRetention())) {
                PrintWriter out = spec.commandLine().getOut();
                List<Journal.FailedEntry> failed = journal.failed(limit);
                failed.forEach(f -> out.printf("%d\t%s\t%s\t%d attempts\t%s%n", f.entry().seq(), f.entry().lane(),
                        f.entry().event().path("event_id").asString(f.entry().event().path("type").asString()),
                        f.attempts(), f.reason()));
                out.println(failed.size() + " failed event(s)");
            }
            return 0;
        }
    }
}
