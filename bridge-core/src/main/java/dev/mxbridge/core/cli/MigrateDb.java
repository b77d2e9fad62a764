package dev.mxbridge.core.cli;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.migrate.DatabaseMigration;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate-db", mixinStandardHelpOptions = true,
        description = {"Copy every table of the bridge's database (the config's) to another database, H2 to PostgreSQL "
                + "or back, in batches; each table is verified by row count and checksum.",
                "Stop the bridge first. An interrupted run resumes where it stopped when run again with the same target.",
                "Then point database.url at the target and start the bridge."})
final class MigrateDb extends BridgeCli.WithConfig implements Callable<Integer> {
    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "the target's JDBC URL: jdbc:postgresql://host/db or jdbc:h2:file:/path/bridge")
    String url;

    @Option(names = "--to-user", defaultValue = "bridge", description = "the target's user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--to-password-env", paramLabel = "VARIABLE",
            description = "the environment variable holding the target's password (default: none)")
    String passwordEnv;

    @Option(names = "--batch-size", defaultValue = "1000", description = "rows per committed batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines",
            description = "a progress bar per table (bar), or a line per tenth copied (lines, for logs and CI); "
                    + "auto: a bar when standard output is a terminal (default: ${DEFAULT-VALUE})")
    Progress progress;

    /** How a run shows its progress. */
    enum Progress { auto, bar, lines }

    @Option(names = "--dry-run", description = "check both databases and list what would be copied; write nothing")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    MigrateDb(String network, Map<String, String> env) {
        super(network);
        this.env = env;
    }

    @Override
    public Integer call() {
        BridgeConfig.Database source = config().database();
        String password = passwordEnv == null ? "" : env.getOrDefault(passwordEnv, "");
        BridgeConfig.Database target = new BridgeConfig.Database(url, user, password, 2);
        PrintWriter out = spec.commandLine().getOut();
        DatabaseMigration migration = DatabaseMigration.from(source).to(target).batchSize(batchSize);
        if (dryRun) {
            List<DatabaseMigration.Planned> plan = migration.dryRun();
            long rows = 0;
            for (DatabaseMigration.Planned p : plan) {
                out.printf("%-16s %,12d rows%s%n", p.table(), p.sourceRows(),
                        p.alreadyCopied() > 0 ? String.format(" (%,d already in the target)", p.alreadyCopied()) : "");
                rows += p.sourceRows();
            }
            out.printf("dry run: would copy %,d rows in %d tables to %s; nothing written%n", rows, plan.size(), url);
            out.flush();
            return 0;
        }
        boolean bar = progress == Progress.bar
                || progress == Progress.auto && System.console() != null && System.console().isTerminal();
        List<String> tables;
        try (MigrationProgress listener = bar ? new MigrationProgress.Bars(out, System.out) : new MigrationProgress.Lines(out)) {
            tables = migration.listener(listener).run();
        }
        out.printf("copied and verified %d tables; set database.url to %s and start the bridge%n", tables.size(), url);
        out.flush();
        return 0;
    }
}
