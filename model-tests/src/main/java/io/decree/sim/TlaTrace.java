package io.decree.sim;

import io.decree.spec.Ballot;
import io.decree.spec.Config;
import io.decree.spec.Step;
import io.decree.spec.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes an engine run's spec steps as a TLC model of {@code specs-tla/TraceMultiPaxos.tla} ({@link #write}) or,
 * for runs with configuration changes, of {@code specs-tla/TraceMultiPaxosReconfig.tla} ({@link #writeReconfig}):
 * a module {@code <name>.tla} holding the trace as a TLA+ sequence, and {@code <name>.cfg} binding the spec's
 * constants to what the trace uses (rounds, slots, values, configurations; snapshot transfer on). Run TLC on it
 * beside the spec modules: no error means every step was a legal spec step and every invariant held in every
 * state; "Deadlock reached" with {@code i = k} means step k is the first the spec does not allow.
 *
 * <p>Values: NoOp is the model value {@code NoOp}; a client value is the string of its id in the static module
 * and {@code [decree |-> id]} in the reconfiguration one, where it shares {@code Proposable} with the changes
 * {@code [config |-> C]} (TLC cannot compare a string with a record, two records it can).
 */
public final class TlaTrace {
    private TlaTrace() {}

    /** Writes {@code dir/<name>.tla} and {@code dir/<name>.cfg} for TraceMultiPaxos; returns the .tla path. */
    public static Path write(List<Step> steps, int replicas, long window, Path dir, String name) {
        Encoded e = encode(steps, false);
        String cfg = constants(replicas, e)
                + "    Window = " + window + "\n"
                + "    Values <- TraceValues\n    Trace <- TraceData\n"
                + "INIT TraceInit\nNEXT TraceNext\n"
                + "INVARIANTS TypeOK Agreement Validity VoteBelowPromise\n";
        return writeFiles(dir, name, module(name, "TraceMultiPaxos", steps.size(), e), cfg);
    }

    /**
     * Writes {@code dir/<name>.tla} and {@code dir/<name>.cfg} for TraceMultiPaxosReconfig, with window
     * {@code alpha} and {@code initConfig} governing the slots before any change; returns the .tla path.
     */
    public static Path writeReconfig(List<Step> steps, int replicas, long alpha, Config initConfig, Path dir, String name) {
        Encoded e = encode(steps, true);
        String cfg = constants(replicas, e)
                + "    Alpha = " + alpha + "\n    InitConfig = " + initConfig + "\n"
                + "    Configs = {" + String.join(", ", e.configs) + "}\n"
                + "    Values <- TraceValues\n    Trace <- TraceData\n"
                + "INIT TraceInit\nNEXT TraceNext\n"
                + "INVARIANTS TypeOK Agreement Validity VoteBelowPromise ProposalsUseGoverningConfig\n";
        return writeFiles(dir, name, module(name, "TraceMultiPaxosReconfig", steps.size(), e), cfg);
    }

    /** The trace as TLA+ records, and the constants it needs. */
    private static final class Encoded {
        final boolean reconfig;
        final StringBuilder seq = new StringBuilder();
        final TreeSet<String> values = new TreeSet<>();     // TLA+ text of each client value
        final TreeSet<String> configs = new TreeSet<>();    // TLA+ text of each configuration changed to
        long maxRound = 1;
        long maxSlot = 1;

        Encoded(boolean reconfig) {
            this.reconfig = reconfig;
        }

        void round(Ballot b) {
            maxRound = Math.max(maxRound, b.round());
        }

        void slot(long s) {
            maxSlot = Math.max(maxSlot, s);
        }

        String value(int index, Step step, Value v) {
            return switch (v) {
                case Value.NoOp n -> "NoOp";
                case Value.Client c -> {
                    String text = reconfig ? "[decree |-> " + quote(c.id()) + "]" : quote(c.id());
                    values.add(text);
                    yield text;
                }
                case Value.ConfigChange c -> {
                    if (!reconfig) {
                        throw new IllegalArgumentException("step #" + index + " " + step
                                + ": a configuration change needs the reconfiguration module (TlaTrace.writeReconfig)");
                    }
                    configs.add(c.config().toString());
                    yield "[config |-> " + c.config() + "]";
                }
            };
        }
    }

    private static Encoded encode(List<Step> steps, boolean reconfig) {
        Encoded e = new Encoded(reconfig);
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            String record = switch (step) {
                case Step.Phase1a s -> { e.round(s.bal()); yield rec("Phase1a", s.r(), s.bal(), 1, "NoOp"); }
                case Step.Phase1b s -> { e.round(s.bal()); yield rec("Phase1b", s.a(), s.bal(), 1, "NoOp"); }
                case Step.Phase2a s -> {
                    e.round(s.bal());
                    e.slot(s.slot());
                    yield rec("Phase2a", s.r(), s.bal(), s.slot(), e.value(k, step, s.val()));
                }
                case Step.Phase2b s -> {
                    e.round(s.bal());
                    e.slot(s.slot());
                    yield rec("Phase2b", s.a(), s.bal(), s.slot(), e.value(k, step, s.val()));
                }
                case Step.Learn s -> { e.slot(s.slot()); yield rec("Learn", s.r(), null, s.slot(), e.value(k, step, s.val())); }
                case Step.InstallSnapshot s -> {
                    e.slot(s.k());
                    yield "[action |-> \"InstallSnapshot\", r |-> " + s.r() + ", q |-> " + s.q() + ", k |-> " + s.k() + "]";
                }
                case Step.Crash s -> rec("Crash", s.r(), null, 1, "NoOp");
                case Step.Restart s -> rec("Restart", s.r(), null, 1, "NoOp");
            };
            e.seq.append(k == 0 ? "    " : ",\n    ").append(record);
        }
        return e;
    }

    private static String module(String name, String extended, int steps, Encoded e) {
        return "---- MODULE " + name + " ----\n"
                + "\\* Written by io.decree.sim.TlaTrace: " + steps + " engine steps.\n"
                + "EXTENDS " + extended + "\n\n"
                + "TraceData == <<\n" + e.seq + "\n>>\n\n"
                + "TraceValues == {" + String.join(", ", e.values) + "}\n"
                + "====\n";
    }

    /** The constants both trace modules share. */
    private static String constants(int replicas, Encoded e) {
        String all = IntStream.rangeClosed(1, replicas).mapToObj(Integer::toString).collect(Collectors.joining(", ", "{", "}"));
        return "CONSTANTS\n"
                + "    N = " + replicas + "\n    MaxRound = " + e.maxRound + "\n    MaxSlot = " + e.maxSlot + "\n"
                + "    NoOp = NoOp\n    None = None\n    SnapshotTransfer = TRUE\n"
                + "    Leaders = " + all + "\n    Learners = " + all + "\n    Crashable = " + all + "\n";
    }

    private static Path writeFiles(Path dir, String name, String module, String cfg) {
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

    /** A TLA+ string literal (ids are hex or plain names; quotes and backslashes are escaped all the same). */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String rec(String action, int r, Ballot bal, long slot, String val) {
        String b = bal == null ? "<<1, 1>>" : "<<" + bal.round() + ", " + bal.replica() + ">>";
        return "[action |-> \"" + action + "\", r |-> " + r + ", bal |-> " + b + ", slot |-> " + slot + ", val |-> " + val + "]";
    }
}
