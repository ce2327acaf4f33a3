package io.decree.perf.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time of the whole system under load: this JVM (the harness, and the peers and decree-inproc, which run in
 * it) plus every process it started (decree-tcp's replica JVMs). Divided by the commands answered it gives the CPU
 * a command cost, a figure the machine's other load changes far less than throughput: on a shared machine the
 * scheduler gives this run's processes a share of the cores, and throughput is that share over this cost.
 */
final class CpuMeter {
    private CpuMeter() {}

    /** Nanoseconds of CPU (user + system) used so far by this JVM and its live descendants; -1 if unknown. */
    static long nanos() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) return -1;
        long own = os.getProcessCpuTime();
        if (own < 0) return -1;
        long children = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return own + children;
    }
}
