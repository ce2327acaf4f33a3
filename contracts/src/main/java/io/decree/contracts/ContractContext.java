package io.decree.contracts;

import java.util.function.Supplier;

/**
 * Context a test harness attaches to violations raised on the current thread, e.g. the simulator's seed
 * and the replica it is stepping: {@code ContractContext.set("seed=42 replica=2")}.
 *
 * <p>This is the harness's half. The engine's half needs no dependency on this module: an instrumented
 * class that declares a no-argument method {@code contractContext()} has its result added to every
 * violation raised in its instance methods (keep that method pure and cheap). Both appear in
 * {@link ContractViolation#context()}, harness first.
 */
public final class ContractContext {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ContractContext() {
    }

    /** Sets the context for this thread; null clears it. */
    public static void set(String context) {
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The context of this thread, or "". */
    public static String current() {
        String context = CURRENT.get();
        return context == null ? "" : context;
    }

    /** Runs {@code action} with {@code context} set, restoring the previous context afterwards. */
    public static <T> T with(String context, Supplier<T> action) {
        String previous = CURRENT.get();
        set(context);
        try {
            return action.get();
        } finally {
            set(previous);
        }
    }
}
