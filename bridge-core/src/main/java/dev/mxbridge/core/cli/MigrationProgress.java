package dev.mxbridge.core.cli;

import dev.mxbridge.core.migrate.DatabaseMigration;
import java.io.PrintStream;
import java.time.Duration;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code migrate-db} shows while it copies: a live bar per table on a terminal ({@link Bars}), or plain lines
 * that read well in a log or CI output ({@link Lines}). Both print each table's verification as a line.
 */
sealed interface MigrationProgress extends DatabaseMigration.Listener, AutoCloseable {
    @Override
    void close();

    /** One line per table started and verified, and one each time a table's copy passes another tenth. */
    final class Lines implements MigrationProgress {
        private final PrintWriter out;
        private long lastTenth = -1;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void tableStarted(String table, long copied, long total) {
            lastTenth = total == 0 ? 10 : copied * 10 / total;
            out.printf("%-16s %,d rows%s%n", table, total, copied > 0 ? String.format(", resuming after %,d", copied) : "");
            out.flush();
        }

        @Override
        public void batchCopied(String table, long copied, long total) {
            long tenth = total == 0 ? 10 : copied * 10 / total;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.printf("%-16s [%-10s] %,d/%,d%n", table, "#".repeat((int) Math.min(10, tenth)), copied, total);
                out.flush();
            }
        }

        @Override
        public void tableVerified(String table, long rows, String checksum) {
            out.printf("%-16s verified: %,d rows, checksum %s%n", table, rows, checksum);
            out.flush();
        }

        @Override
        public void close() {
        }
    }

    /**
     * A progress bar per table (me.tongfei:progressbar: rows, rate and time left, redrawn in place), drawn on the
     * terminal's stream; the verification line follows the finished bar.
     */
    final class Bars implements MigrationProgress {
        private final PrintWriter out;
        private final PrintStream terminal;
        private ProgressBar bar;

        Bars(PrintWriter out, PrintStream terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public void tableStarted(String table, long copied, long total) {
            close();
            out.flush();
            if (total == 0) {
                return; // an empty table: its verification line says so
            }
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format("%-16s", table))
                    .setInitialMax(total)
                    .startsFrom(copied, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" rows", 1)
                    .showSpeed()
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .build();
        }

        @Override
        public void batchCopied(String table, long copied, long total) {
            if (bar != null) {
                bar.stepTo(copied);
            }
        }

        @Override
        public void tableVerified(String table, long rows, String checksum) {
            close();
            out.printf("%-16s verified: %,d rows, checksum %s%n", table, rows, checksum);
            out.flush();
        }

        /** Draws the bar a last time and ends its line. */
        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
