package io.decree.engine.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Arrays;

/** Waiting for test threads to end, on the condition itself, with a bound that only stops a hung build. */
public final class Joins {
    /**
     * Far above any real run: the bound is not a timing check. 10 s was too little on a 2-core machine at a
     * load of 25, where 600 msyncs of the pmem log's concurrent-appender test took longer.
     */
    public static final Duration HUNG = Duration.ofMinutes(3);

    private Joins() {}

    /** Joins {@code thread}; fails with its stack if it is still running after {@link #HUNG}. */
    public static void joinWithin(Thread thread) throws InterruptedException {
        thread.join(HUNG);
        assertFalse(thread.isAlive(), thread + " still running after " + HUNG.toSeconds() + " s (hung?): " + Arrays.toString(thread.getStackTrace()));
    }
}
