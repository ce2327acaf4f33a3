package io.decree.sim.trace;

import io.decree.contracts.ContractsSuspended;
import io.decree.engine.protocol.Decree;
import io.decree.engine.trace.SpecTrace;

/**
 * Passes every step on, and suspends the JML checks of the thread that takes it from its first step on: the
 * protocol threads of a mutant run, so that trace validation, not a contract, is what catches the mutant
 * (the simulator's mutant tests suspend contracts on their one thread in the same way). A protocol thread's
 * first step is its Phase1a or Phase1b, before any mutant can act (they act in phase 2 or later).
 */
record SuspendContracts(SpecTrace inner) implements SpecTrace {
    private static final ThreadLocal<ContractsSuspended> SCOPE = new ThreadLocal<>();

    private void suspend() {
        if (SCOPE.get() == null) SCOPE.set(ContractsSuspended.onThisThread("trace validation of a real run must catch the mutant, not a JML clause"));
    }

    @Override public void phase1a(int r, long b) { suspend(); inner.phase1a(r, b); }
    @Override public void phase1b(int a, long b) { suspend(); inner.phase1b(a, b); }
    @Override public void phase2a(int r, long b, long s, Decree v) { suspend(); inner.phase2a(r, b, s, v); }
    @Override public void phase2b(int a, long b, long s, Decree v) { suspend(); inner.phase2b(a, b, s, v); }
    @Override public void learn(int r, long s, Decree v) { suspend(); inner.learn(r, s, v); }
    @Override public void installSnapshot(int r, int q, long k) { suspend(); inner.installSnapshot(r, q, k); }
    @Override public void crash(int r) { suspend(); inner.crash(r); }
    @Override public void restart(int r) { suspend(); inner.restart(r); }
    @Override public void flushed(int r) { inner.flushed(r); }
}
