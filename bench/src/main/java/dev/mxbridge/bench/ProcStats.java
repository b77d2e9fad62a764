package dev.mxbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** Memory and CPU time of a process, from Linux's /proc. */
final class ProcStats {
    private static final double CLOCK_TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux ABI we run on

    private final long pid;

    ProcStats(long pid) {
        this.pid = pid;
    }

    /** Resident set size now, bytes. */
    long rss() throws IOException {
        return statusKb("VmRSS:") * 1024;
    }

    /** Largest resident set size since the process started, bytes. */
    long rssPeak() throws IOException {
        return statusKb("VmHWM:") * 1024;
    }

    /** User plus system CPU time so far, seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS_PER_SECOND; // utime, stime: fields 14, 15
    }

    /**
     * CPU time of the process and of those below it whose command line passes {@code include} (say, a database
     * server's background workers and the backends of one database, not those of other clients), seconds.
     */
    double treeCpuSeconds(Predicate<String> include) throws IOException {
        double total = cpuSeconds();
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(child.pid()), "cmdline")).replace('\0', ' ');
                if (include.test(cmdline)) {
                    total += new ProcStats(child.pid()).cpuSeconds();
                }
            } catch (IOException gone) {
                // exited since listed
            }
        }
        return total;
    }

    /**
     * CPU time of a PostgreSQL cluster on behalf of one database, seconds: the postmaster, its background processes
     * (WAL writer, checkpointer, autovacuum: they work for everyone) and the backends of {@code database}, not other
     * clients' backends. PostgreSQL titles a backend "postgres: user database host(port) state".
     */
    static double postgresCpuSeconds(long postmasterPid, String database) throws IOException {
        return new ProcStats(postmasterPid).treeCpuSeconds(
                cmd -> cmd.contains(" " + database + " ") || !cmd.matches(".*\\S+\\(\\d+\\).*"));
    }

    /** Bytes the process caused to be written to storage so far (page-cache level, as /proc/PID/io counts them). */
    long storageWrites() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring(12).trim());
            }
        }
        throw new IOException("write_bytes missing in /proc/" + pid + "/io");
    }

    /** CPU time all processes of the machine have used so far (user, system, interrupts, steal), seconds. */
    static double machineBusySeconds() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal; idle and iowait left out
            busy += Long.parseLong(f[i]);
        }
        return busy / CLOCK_TICKS_PER_SECOND;
    }

    private long statusKb(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(key + " missing in /proc/" + pid + "/status");
    }

    /** Waits up to the given seconds until the machine's other work uses under a quarter of a core. */
    static void awaitQuietMachine(long seconds, java.util.function.Consumer<String> note)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            double before = machineBusySeconds();
            Thread.sleep(2_000);
            double busy = (machineBusySeconds() - before) / 2;
            if (busy < 0.25) {
                return;
            }
            note.accept(String.format("machine busy (%.2f cores used); waiting for it to be idle", busy));
        }
        if (seconds > 0) {
            note.accept("machine still busy after " + seconds + " s; measuring anyway");
        }
    }
}
