package org.issueledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time and peak memory of each service process over one scenario, from /proc.
 *
 * <p>A JVM is one process: CPU is utime + stime of /proc/PID/stat; peak RSS is VmHWM of /proc/PID/status, reset to
 * the current RSS at the start (writing 5 to /proc/PID/clear_refs) so it covers this scenario only.
 *
 * <p>PostgreSQL is a tree (postmaster + one backend per connection + workers), named {@code @PIDFILE}: CPU is the sum
 * over the tree plus what exited children left in the postmaster's cutime/cstime; "peak RSS" is the highest sample
 * (every 250 ms) of Σ RssAnon over the tree + the largest RssShmem (shared buffers count once, not per backend).
 */
final class ProcessStats {

    private static final double TICKS = clockTicks();

    private final Map<String, String> processes;
    private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> treePeakKb = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private final Thread sampler;
    private volatile boolean running = true;

    private ProcessStats(Map<String, String> processes) {
        this.processes = processes;
        processes.forEach((name, id) -> {
            if (!isTree(id)) {
                resetPeak(pid(id));
            }
            cpuAtStart.put(name, cpuSeconds(id));
        });
        sampler = new Thread(this::sample, "process-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ProcessStats start(Map<String, String> processes) {
        return new ProcessStats(processes);
    }

    /** Per process: cpuSeconds, cpuPercent (of one core, over the scenario's wall time) and peakRssMb. */
    Map<String, Object> stop() {
        running = false;
        sampler.interrupt();
        return snapshot();
    }

    /** The figures of {@link #stop} so far, the sampling going on (a scenario's own milestone within its run). */
    Map<String, Object> snapshot() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        processes.forEach((name, id) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            double cpu = cpuSeconds(id) - cpuAtStart.getOrDefault(name, 0.0);
            figures.put("cpuSeconds", Latencies.round(cpu));
            figures.put("cpuPercent", Latencies.round(100 * cpu / wall));
            long peakKb = isTree(id) ? treePeakKb.getOrDefault(name, 0L) : statusKb(pid(id), "VmHWM");
            figures.put("peakRssMb", Latencies.round(peakKb / 1024.0));
            out.put(name, figures);
        });
        return out;
    }

    private void sample() {
        while (running) {
            processes.forEach((name, id) -> {
                if (isTree(id)) {
                    long anon = 0;
                    long shmem = 0;
                    for (long pid : tree(pid(id))) {
                        anon += statusKb(pid, "RssAnon");
                        shmem = Math.max(shmem, statusKb(pid, "RssShmem"));
                    }
                    treePeakKb.merge(name, anon + shmem, Math::max);
                }
            });
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean isTree(String id) {
        return id.startsWith("@");
    }

    /** A pid, or for {@code @FILE} the first line of that pid file. */
    private static long pid(String id) {
        try {
            String text = isTree(id) ? Files.readAllLines(Path.of(id.substring(1))).get(0) : id;
            return Long.parseLong(text.trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double cpuSeconds(String id) {
        long root = pid(id);
        if (!isTree(id)) {
            long[] stat = stat(root);
            return stat == null ? 0 : (stat[1] + stat[2]) / TICKS;
        }
        double total = 0;
        long[] rootStat = stat(root);
        if (rootStat != null) {
            total += (rootStat[3] + rootStat[4]) / TICKS; // children already gone
        }
        for (long pid : tree(root)) {
            long[] stat = stat(pid);
            if (stat != null) {
                total += (stat[1] + stat[2]) / TICKS;
            }
        }
        return total;
    }

    /** The process and its direct children (PostgreSQL's backends are the postmaster's children). */
    private static List<Long> tree(long root) {
        List<Long> pids = new ArrayList<>();
        pids.add(root);
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .forEach(pid -> {
                        long[] stat = stat(pid);
                        if (stat != null && stat[0] == root) {
                            pids.add(pid);
                        }
                    });
        } catch (IOException e) {
            // no /proc: no figures
        }
        return pids;
    }

    /** ppid, utime, stime, cutime, cstime of /proc/PID/stat, or null when the process is gone. */
    private static long[] stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
            return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static void resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
        } catch (IOException e) {
            // not allowed: the peak then covers the process's whole life, still an upper bound
        }
    }

    private static double clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Double.parseDouble(new String(process.getInputStream().readAllBytes()).trim());
        } catch (IOException | RuntimeException e) {
            return 100;
        }
    }
}
