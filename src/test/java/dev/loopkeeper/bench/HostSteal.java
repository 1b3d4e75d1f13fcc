package dev.loopkeeper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The share of the machine's CPU time that its hypervisor gave to other guests (steal, the eighth number of the
 * {@code cpu} line of {@code /proc/stat}) since a reading was taken. On a shared virtual machine a thread that is ready
 * to run waits while its virtual core is taken away, which its own CPU time does not count and its wall-clock time
 * does: at a third stolen, a half of {@code rank} took 20 ms of wall-clock time for 10 ms of CPU. The benchmarks print
 * this beside their wall-clock figures so that runs on the same machine on different days can be read side by side.
 */
public final class HostSteal {
    private static final Path STAT = Path.of("/proc/stat");
    private static final int STEAL = 7;
    private final long[] start;

    private HostSteal(long[] start) {
        this.start = start;
    }

    /** A reading taken now (empty where the system has no {@code /proc/stat}). */
    public static HostSteal now() {
        return new HostSteal(read().orElse(null));
    }

    /** "7 % of the machine's CPU stolen by the hypervisor" since this reading, or that it cannot be told. */
    public String since() {
        Optional<long[]> end = read();
        if (start == null || end.isEmpty()) {
            return "steal unknown (no /proc/stat)";
        }
        long total = Arrays.stream(end.get()).sum() - Arrays.stream(start).sum();
        long stolen = end.get()[STEAL] - start[STEAL];
        return String.format("%.0f %% of the machine's CPU stolen by the hypervisor",
                total > 0 ? 100.0 * stolen / total : 0);
    }

    /** The first eight times of the {@code cpu} line (user, nice, system, idle, iowait, irq, softirq, steal). */
    private static Optional<long[]> read() {
        try {
            for (String line : Files.readAllLines(STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length <= STEAL + 1) {
                        return Optional.empty();
                    }
                    long[] times = new long[STEAL + 1];
                    for (int i = 0; i <= STEAL; i++) {
                        times[i] = Long.parseLong(fields[i + 1]);
                    }
                    return Optional.of(times);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
