package io.decree.spec;

/**
 * One concrete step: a TLA+ action with its parameters. The model checker labels transitions with steps (so a
 * counterexample is a list of steps); the engine emits steps as trace events and {@link Replay} applies them.
 * Messages are named by their fields: Phase1b names the 1a it answers by its ballot, Phase2b the 2a by
 * (ballot, slot, value).
 */
public sealed interface Step {
    /** The TLA+ action name. */
    default String action() {
        return getClass().getSimpleName();
    }

    record Phase1a(int r, Ballot bal) implements Step {
        @Override
        public String toString() {
            return "Phase1a(r=" + r + ", b=" + bal + ")";
        }
    }

    record Phase1b(int a, Ballot bal) implements Step {
        @Override
        public String toString() {
            return "Phase1b(a=" + a + ", m=1a" + bal + ")";
        }
    }

    record Phase2a(int r, Ballot bal, long slot, Value val) implements Step {
        @Override
        public String toString() {
            return "Phase2a(r=" + r + ", b=" + bal + ", s=" + slot + ", v=" + val + ")";
        }
    }

    record Phase2b(int a, Ballot bal, long slot, Value val) implements Step {
        @Override
        public String toString() {
            return "Phase2b(a=" + a + ", m=2a(" + bal + ", " + slot + ", " + val + "))";
        }
    }

    record Learn(int r, long slot, Value val) implements Step {
        @Override
        public String toString() {
            return "Learn(r=" + r + ", s=" + slot + ", v=" + val + ")";
        }
    }

    /** r installs the snapshot q made of slots 1..k (engine: a snapshot of engine slots {@code < k}). */
    record InstallSnapshot(int r, int q, long k) implements Step {
        @Override
        public String toString() {
            return "InstallSnapshot(r=" + r + ", q=" + q + ", k=" + k + ")";
        }
    }

    record Crash(int r) implements Step {
        @Override
        public String toString() {
            return "Crash(r=" + r + ")";
        }
    }

    record Restart(int r) implements Step {
        @Override
        public String toString() {
            return "Restart(r=" + r + ")";
        }
    }
}
