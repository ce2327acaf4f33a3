package io.decree.sim;

import io.decree.engine.protocol.Decree;
import io.decree.engine.trace.SpecTrace;

/** Sends each spec-level step to the simulator's checker and, when set, to a trace validator. */
record TraceFanout(SpecTrace first, SpecTrace second) implements SpecTrace {
    @Override public void phase1a(int r, long b) { first.phase1a(r, b); if (second != null) second.phase1a(r, b); }
    @Override public void phase1b(int a, long b) { first.phase1b(a, b); if (second != null) second.phase1b(a, b); }
    @Override public void phase2a(int r, long b, long s, Decree v) { first.phase2a(r, b, s, v); if (second != null) second.phase2a(r, b, s, v); }
    @Override public void phase2b(int a, long b, long s, Decree v) { first.phase2b(a, b, s, v); if (second != null) second.phase2b(a, b, s, v); }
    @Override public void learn(int r, long s, Decree v) { first.learn(r, s, v); if (second != null) second.learn(r, s, v); }
    @Override public void installSnapshot(int r, int q, long k) { first.installSnapshot(r, q, k); if (second != null) second.installSnapshot(r, q, k); }
    @Override public void crash(int r) { first.crash(r); if (second != null) second.crash(r); }
    @Override public void restart(int r) { first.restart(r); if (second != null) second.restart(r); }
}
