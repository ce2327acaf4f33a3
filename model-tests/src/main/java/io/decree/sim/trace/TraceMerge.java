package io.decree.sim.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges per-process traces into one sequence ordered by (Lamport clock, process id). The clock rule
 * ({@code io.decree.engine.trace.LamportClock}) makes that order extend happens-before: a step that caused
 * another (through program order or a message) has the smaller clock. Within a process the clocks strictly
 * increase (the reader checks it), so each process keeps its own order; equal clocks of two processes mark
 * concurrent steps, ordered by process id so that the merge is deterministic.
 *
 * <p>A killed process records no crash; when it starts again it writes {@code restart}. Every restart not
 * directly preceded by a crash of its own process gets a {@code Crash} inserted just before it (spec
 * {@code Restart} needs {@code ~up[r]}).
 */
public final class TraceMerge {
    private TraceMerge() {}

    private static final Comparator<TraceEvent> LAMPORT =
            Comparator.comparingLong(TraceEvent::clock).thenComparingInt(TraceEvent::process);

    public static List<TraceEvent> merge(List<TraceFile> files) {
        Map<Integer, TraceFile> byProcess = new HashMap<>();
        List<TraceEvent> all = new ArrayList<>();
        for (TraceFile f : files) {
            TraceFile other = byProcess.putIfAbsent(f.process(), f);
            if (other != null)
                throw new IllegalArgumentException("two traces of process " + f.process() + ": " + other.file() + " and " + f.file()
                        + " (a restarted process appends to its own file)");
            all.addAll(withCrashes(f.events()));
        }
        all.sort(LAMPORT); // stable: an inserted crash stays before the restart it shares a clock with
        return all;
    }

    /** The process's events with a crash before each restart that lacks one. */
    static List<TraceEvent> withCrashes(List<TraceEvent> events) {
        List<TraceEvent> out = new ArrayList<>(events.size() + 4);
        String previous = "header";
        for (TraceEvent e : events) {
            if (e.action().equals("restart") && !previous.equals("crash")) out.add(TraceEvent.crashBefore(e));
            out.add(e);
            previous = e.action();
        }
        return out;
    }
}
