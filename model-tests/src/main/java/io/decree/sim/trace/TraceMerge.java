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
 * <p>Crashes. A killed process records no crash; when it starts again it writes {@code restart}. Before each
 * restart: (1) the steps its previous incarnation took after its last {@code flushed} mark are dropped: they
 * were neither durable nor sent, so nothing outside the dead process depended on them and its disk does not
 * hold them (keeping them would, for example, keep a promise the restarted acceptor no longer has); (2) a
 * {@code Crash} is inserted just before the restart unless one was recorded (spec {@code Restart} needs
 * {@code ~up[r]}). The last incarnation keeps all its steps: the process may still be up, and steps that
 * are merely unobserved are still legal steps. The marks themselves are not spec steps and are removed.
 */
public final class TraceMerge {
    private TraceMerge() {}

    private static final Comparator<TraceEvent> LAMPORT =
            Comparator.comparingLong(TraceEvent::clock).thenComparingInt(TraceEvent::process);

    /** The merged steps, and how many unflushed steps of killed incarnations were dropped. */
    public record Merged(List<TraceEvent> events, long droppedUnflushed) {}

    public static Merged merge(List<TraceFile> files) {
        Map<Integer, TraceFile> byProcess = new HashMap<>();
        List<TraceEvent> all = new ArrayList<>();
        long dropped = 0;
        for (TraceFile f : files) {
            TraceFile other = byProcess.putIfAbsent(f.process(), f);
            if (other != null)
                throw new IllegalArgumentException("two traces of process " + f.process() + ": " + other.file() + " and " + f.file()
                        + " (a restarted process appends to its own file)");
            dropped += incarnations(f.events(), all);
        }
        all.sort(LAMPORT); // stable: an inserted crash stays before the restart it shares a clock with
        return new Merged(List.copyOf(all), dropped);
    }

    /** Appends one process's steps to {@code out}, applying the crash rules; returns the steps dropped. */
    static long incarnations(List<TraceEvent> events, List<TraceEvent> out) {
        List<TraceEvent> current = new ArrayList<>();
        int lastMark = 0;   // steps of `current` up to here are durable or sent
        long dropped = 0;
        for (TraceEvent e : events) {
            if (e.action().equals("flushed")) {
                lastMark = current.size();
            } else if (e.action().equals("restart")) {
                boolean crashed = !current.isEmpty() && current.getLast().action().equals("crash");
                int keep = crashed ? current.size() : lastMark;
                dropped += current.size() - keep;
                out.addAll(current.subList(0, keep));
                if (!crashed) out.add(TraceEvent.crashBefore(e));
                current.clear();
                current.add(e);
                lastMark = 1; // the restart itself happened: it stays whatever comes next
            } else current.add(e);
        }
        out.addAll(current);
        return dropped;
    }
}
