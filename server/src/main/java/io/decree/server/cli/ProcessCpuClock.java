package io.decree.server.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The process's CPU time (user + system, every thread: the search's workers, the JIT compilers, the garbage
 * collector), in nanoseconds, from {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} through the FFM API.
 *
 * <p>Why this clock: {@code check-history} reports the CPU a check used so that it can be compared with Porcupine's
 * (whose compare program reads {@code getrusage}, also the whole process) independently of the machine's load, which
 * on a shared machine makes wall times vary tenfold. The JDK's own process CPU figure
 * ({@code OperatingSystemMXBean.getProcessCpuTime}) comes from {@code times()}, in clock ticks of 10 ms: coarser than
 * a small check; a thread's CPU time ({@code ThreadMXBean}) misses the worker threads and the JIT.
 */
final class ProcessCpuClock {

    private static final int CLOCK_PROCESS_CPUTIME_ID = 2; // Linux, <time.h>

    private static final MethodHandle CLOCK_GETTIME = lookup();

    private ProcessCpuClock() {
    }

    private static MethodHandle lookup() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null; // the clock id is Linux's
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException e) { // native access refused (no --enable-native-access): no figure
            return null;
        }
    }

    /** CPU time used by this process so far, in nanoseconds, or -1 when it cannot be read. */
    static long nanos() {
        if (CLOCK_GETTIME == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(16, 8); // struct timespec { time_t tv_sec; long tv_nsec; }
            int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, timespec);
            if (rc != 0) {
                return -1;
            }
            return timespec.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + timespec.get(ValueLayout.JAVA_LONG, 8);
        } catch (Throwable t) {
            return -1;
        }
    }
}
