package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ChildJvm's CPU cap: a child that never ends is cut once it has used the CPU it was allowed, and reported cut. */
class ChildJvmTest {

    /** The child: spins on one core until killed (the volatile keeps the JIT from removing the loop). */
    public static final class Spin {
        static volatile long counter;

        public static void main(String[] args) {
            while (true) {
                counter++;
            }
        }
    }

    /** The child: ends at once. */
    public static final class Quick {
        public static void main(String[] args) {
            System.out.println("quick done");
        }
    }

    private static List<String> child(Class<?> main) {
        return List.of("-cp", System.getProperty("java.class.path"), main.getName());
    }

    @Test
    void aSpinningChildIsCutAtItsCpuCap() throws Exception {
        // Wall cap far above the CPU cap: only the CPU cap can end it (however loaded the machine is).
        ChildJvm run = ChildJvm.run(Path.of("."), 600, 2, child(Spin.class));
        assertFalse(run.finished(), "a child that never ends must be reported cut");
        assertEquals(-1, run.exitCode());
        assertTrue(run.cpuMillis() >= 2000, "cut before its 2 CPU-s: " + run.cpuMillis() + " ms CPU");
        // Margin: the cap is checked every 100 ms of wall time, during which a JVM (JIT, GC threads) may use
        // more than one core; 3 s is far above that and far below the wall cap.
        assertTrue(run.cpuMillis() < 5000, "not cut near its 2 CPU-s cap: " + run.cpuMillis() + " ms CPU");
        assertTrue(run.wallMillis() < 600_000, "ended by the wall cap, not the CPU cap");
    }

    @Test
    void aChildThatEndsWithinItsCapsFinishes() throws Exception {
        ChildJvm run = ChildJvm.run(Path.of("."), 600, 60, child(Quick.class));
        assertTrue(run.finished());
        assertEquals(0, run.exitCode());
        assertTrue(run.output().contains("quick done"), run.output());
    }
}
