package io.decree.contracts;

import io.decree.contracts.runtime.Rac;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scope in which the instrumented classes run their bodies without evaluating any clause, on this
 * thread: for a test that must show that <em>another</em> checker (the linearizability checker, the
 * simulator's invariants, trace validation) catches a bug, which a contract would otherwise catch first.
 *
 * <pre>try (var off = ContractsSuspended.onThisThread("the history checker alone catches stale reads")) { ... }</pre>
 *
 * A suspended call costs the wrappers one thread-local check (the same one that skips checks inside a
 * spec). Scopes nest and must be closed on the thread that opened them. Every suspension is counted by
 * reason ({@link #reasons()}) so a report can say which tests ran with checks off; no violation can be
 * raised while suspended, so nothing is hidden from the gate except what the scope says it hides.
 */
public final class ContractsSuspended implements AutoCloseable {
    private static final Map<String, Long> REASONS = new LinkedHashMap<>();

    private final Thread owner;
    private boolean closed;

    private ContractsSuspended(Thread owner) {
        this.owner = owner;
    }

    /** Suspends contract checks on the current thread until {@link #close()}. */
    public static ContractsSuspended onThisThread(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why contract checks are suspended (which checker must catch what)");
        }
        synchronized (REASONS) {
            REASONS.merge(reason, 1L, Long::sum);
        }
        Rac.suspend();
        return new ContractsSuspended(Thread.currentThread());
    }

    /** True while checks are suspended on the current thread. */
    public static boolean active() {
        return Rac.suspended();
    }

    /** Every reason checks were suspended for in this JVM, with how many scopes gave it. */
    public static Map<String, Long> reasons() {
        synchronized (REASONS) {
            return Map.copyOf(REASONS);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a ContractsSuspended scope must be closed on the thread that opened it ("
                    + owner.getName() + "), not " + Thread.currentThread().getName());
        }
        closed = true;
        Rac.resume();
    }
}
