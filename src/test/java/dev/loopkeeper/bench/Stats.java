package dev.loopkeeper.bench;

import java.util.Arrays;

/** Median and p99 of a series of timings, in microseconds. */
record Stats(double medianMicros, double p99Micros) {

    static Stats of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted[sorted.length / 2] / 1000.0, sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1000.0);
    }

    @Override
    public String toString() {
        return String.format("median %.0f µs, p99 %.0f µs", medianMicros, p99Micros);
    }
}
