package io.decree.sim.trace;

import io.decree.spec.Step;
import java.nio.file.Path;

/**
 * One recorded spec step of a real run: where it was read ({@code file}, 1-based {@code line}), the process
 * that took it, its Lamport clock, the action's name as written, and the step in spec terms (slots from 1,
 * ballots as (round, replica)). {@code inserted} marks the {@code Crash} the merger puts before a restart
 * that follows no recorded crash (a killed process writes none); it carries the restart's place.
 */
public record TraceEvent(Path file, long line, int process, long clock, String action, Step step, boolean inserted) {

    /** The crash a restart at {@code restart} implies. */
    static TraceEvent crashBefore(TraceEvent restart) {
        return new TraceEvent(restart.file, restart.line, restart.process, restart.clock, "crash",
                new Step.Crash(restart.process), true);
    }

    /** "file:line (process p, clock c)", prefixed for an inserted crash. */
    public String where() {
        return (inserted ? "crash inserted before the restart at " : "") + file + ":" + line
                + " (process " + process + ", clock " + clock + ")";
    }
}
