package io.decree.sim.trace;

import io.decree.sim.InvariantViolation;
import io.decree.sim.TraceValidator;
import io.decree.spec.Step;
import io.decree.spec.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trace validation of a real run: reads each process's NDJSON trace, merges them in Lamport order
 * ({@link TraceMerge}) and replays the sequence through the spec mirror with the simulator's
 * {@link TraceValidator}, so a real run is held to exactly the checks a simulated one is. Usage:
 * <pre>{@code TraceCheckResult r = TraceCheck.run(List.of(dir)); if (!r.ok()) fail(r.report());}</pre>
 */
public final class TraceCheck {
    private TraceCheck() {}

    /** Reads, merges and validates the traces at {@code paths} (files, or directories of {@code *.ndjson}). */
    public static TraceCheckResult run(List<Path> paths) {
        long start = System.nanoTime();
        List<TraceFile> files = read(paths);
        TraceMerge.Merged merged = TraceMerge.merge(files);
        return check(files, merged.events(), merged.droppedUnflushed(), start);
    }

    /** Reads every trace at {@code paths}; a directory stands for its {@code *.ndjson} files. */
    public static List<TraceFile> read(List<Path> paths) {
        List<TraceFile> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".ndjson")).sorted().forEach(f -> files.add(NdjsonTraceReader.read(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else files.add(NdjsonTraceReader.read(p));
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no trace files in " + paths);
        return files;
    }

    /**
     * Validates {@code order}, a sequence of the steps of {@code files} (normally {@link TraceMerge#merge}'s;
     * a test passes another order to show the merge matters). {@code flushed} marks in it are skipped.
     */
    public static TraceCheckResult check(List<TraceFile> files, List<TraceEvent> order) {
        return check(files, order, 0, System.nanoTime());
    }

    private static TraceCheckResult check(List<TraceFile> files, List<TraceEvent> order, long dropped, long startNanos) {
        Shape shape = Shape.of(files, order);
        // Amortized: a real run's trace holds tens of thousands of steps, and checking every invariant after
        // each one is quadratic; a failure is still located at its exact step (Replay.amortized).
        TraceValidator validator = shape.reconfig
                ? TraceValidator.amortized(shape.universe, (int) shape.window, shape.members)
                : TraceValidator.amortized(shape.members, (int) shape.window);
        List<TraceEvent> applied = new ArrayList<>();
        TraceCheckResult.Failure failure = null;
        try {
            for (TraceEvent e : order) {
                if (e.step() == null) continue;
                applied.add(e);
                validator.apply(e.step());
            }
            validator.finish();
        } catch (InvariantViolation v) {
            TraceEvent failed = applied.get(validator.failedIndex());
            applied.subList(validator.failedIndex(), applied.size()).clear();
            failure = new TraceCheckResult.Failure(failed, v.getMessage());
        }
        Map<String, Long> validated = new LinkedHashMap<>();
        for (TraceEvent e : applied) validated.merge(e.step().getClass().getSimpleName(), 1L, Long::sum);
        long events = files.stream().flatMap(f -> f.events().stream()).filter(e -> e.step() != null).count();
        long inserted = order.stream().filter(TraceEvent::inserted).count();
        long torn = files.stream().mapToLong(TraceFile::tornTailBytes).sum();
        return new TraceCheckResult(files.size(), events, inserted, dropped, torn, shape.reconfig ? "MultiPaxosReconfig" : "MultiPaxos",
                validated, validator.steps(), failure, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /**
     * The spec instance the traces need: every file's header must give the same window and initial
     * configuration 1..m; the universe is every replica that appears; membership changes (a configuration
     * decree, or a replica outside the initial configuration) need the reconfiguration module.
     */
    private record Shape(long window, int members, int universe, boolean reconfig) {
        static Shape of(List<TraceFile> files, List<TraceEvent> order) {
            TraceFile first = files.getFirst();
            for (TraceFile f : files) {
                if (f.window() != first.window() || !Arrays.equals(f.members(), first.members()))
                    throw new IllegalArgumentException("traces disagree on the cluster: " + first.file() + " has window " + first.window()
                            + " and members " + Arrays.toString(first.members()) + ", " + f.file() + " has " + f.window() + " and " + Arrays.toString(f.members()));
            }
            int[] m = first.members();
            for (int i = 0; i < m.length; i++)
                if (m[i] != i + 1)
                    throw new IllegalArgumentException("the initial configuration must be replicas 1.." + m.length + " (as the spec mirror's models are), got " + Arrays.toString(m));
            if (first.window() < 1 || first.window() > Integer.MAX_VALUE) throw new IllegalArgumentException("window " + first.window() + " in " + first.file());
            int universe = m.length;
            boolean changes = false;
            for (TraceFile f : files) universe = Math.max(universe, f.process());
            for (TraceEvent e : order) {
                universe = Math.max(universe, e.process());
                changes |= e.step() != null && carriesChange(e.step());
            }
            return new Shape(first.window(), m.length, universe, changes || universe > m.length);
        }

        private static boolean carriesChange(Step s) {
            Value v = switch (s) {
                case Step.Phase2a p -> p.val();
                case Step.Phase2b p -> p.val();
                case Step.Learn p -> p.val();
                default -> null;
            };
            return v instanceof Value.ConfigChange;
        }
    }
}
