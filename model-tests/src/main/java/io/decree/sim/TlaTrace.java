package io.decree.sim;

import io.decree.spec.Step;
import io.decree.spec.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes an engine run's spec steps as a TLC model of {@code specs-tla/TraceMultiPaxos.tla}: a module
 * {@code <name>.tla} holding the trace as a TLA+ sequence, and {@code <name>.cfg} binding the spec's
 * constants to what the trace uses (rounds, slots, values). Run TLC on it beside MultiPaxos.tla and
 * TraceMultiPaxos.tla: no error means every step was a legal spec step and every invariant held in every
 * state; "Deadlock reached" with {@code i = k} means step k is the first the spec does not allow.
 */
public final class TlaTrace {
    private TlaTrace() {}

    /** Writes {@code dir/<name>.tla} and {@code dir/<name>.cfg}; returns the .tla path. */
    public static Path write(List<Step> steps, int replicas, long window, Path dir, String name) {
        long maxRound = 1, maxSlot = 1;
        TreeSet<String> values = new TreeSet<>();
        StringBuilder seq = new StringBuilder();
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            String record = switch (step) {
                case Step.Phase1a s -> rec("Phase1a", s.r(), s.bal(), 1, null);
                case Step.Phase1b s -> rec("Phase1b", s.a(), s.bal(), 1, null);
                case Step.Phase2a s -> rec("Phase2a", s.r(), s.bal(), s.slot(), s.val());
                case Step.Phase2b s -> rec("Phase2b", s.a(), s.bal(), s.slot(), s.val());
                case Step.Learn s -> rec("Learn", s.r(), null, s.slot(), s.val());
                case Step.Crash s -> rec("Crash", s.r(), null, 1, null);
                case Step.Restart s -> rec("Restart", s.r(), null, 1, null);
            };
            switch (step) {
                case Step.Phase1a s -> maxRound = Math.max(maxRound, s.bal().round());
                case Step.Phase1b s -> maxRound = Math.max(maxRound, s.bal().round());
                case Step.Phase2a s -> { maxRound = Math.max(maxRound, s.bal().round()); maxSlot = Math.max(maxSlot, s.slot()); value(s.val(), values); }
                case Step.Phase2b s -> { maxRound = Math.max(maxRound, s.bal().round()); maxSlot = Math.max(maxSlot, s.slot()); value(s.val(), values); }
                case Step.Learn s -> { maxSlot = Math.max(maxSlot, s.slot()); value(s.val(), values); }
                default -> { }
            }
            seq.append(k == 0 ? "    " : ",\n    ").append(record);
        }
        String module = "---- MODULE " + name + " ----\n"
                + "\\* Written by io.decree.sim.TlaTrace: " + steps.size() + " engine steps.\n"
                + "EXTENDS TraceMultiPaxos\n\n"
                + "TraceData == <<\n" + seq + "\n>>\n\n"
                + "TraceValues == {" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "}\n"
                + "====\n";
        String replicaSet = "{" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, replicas).mapToObj(Integer::toString).toList()) + "}";
        String cfg = "CONSTANTS\n"
                + "    N = " + replicas + "\n    MaxRound = " + maxRound + "\n    MaxSlot = " + maxSlot + "\n"
                + "    Window = " + window + "\n    NoOp = NoOp\n    None = None\n"
                + "    Leaders = " + replicaSet + "\n    Learners = " + replicaSet + "\n    Crashable = " + replicaSet + "\n"
                + "    Values <- TraceValues\n    Trace <- TraceData\n"
                + "INIT TraceInit\nNEXT TraceNext\n"
                + "INVARIANTS TypeOK Agreement Validity VoteBelowPromise\n";
        try {
            Files.createDirectories(dir);
            Path tla = dir.resolve(name + ".tla");
            Files.writeString(tla, module);
            Files.writeString(dir.resolve(name + ".cfg"), cfg);
            return tla;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLA+ trace to " + dir, e);
        }
    }

    private static void value(Value v, TreeSet<String> values) {
        if (v instanceof Value.Client c) values.add(c.id());
    }

    private static String rec(String action, int r, io.decree.spec.Ballot bal, long slot, Value val) {
        String b = bal == null ? "<<1, 1>>" : "<<" + bal.round() + ", " + bal.replica() + ">>";
        String v = val == null || val == Value.NOOP ? "NoOp" : "\"" + ((Value.Client) val).id() + "\"";
        return "[action |-> \"" + action + "\", r |-> " + r + ", bal |-> " + b + ", slot |-> " + slot + ", val |-> " + v + "]";
    }
}
