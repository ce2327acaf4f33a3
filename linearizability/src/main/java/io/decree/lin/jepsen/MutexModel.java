package io.decree.lin.jepsen;

import java.util.Optional;
import java.util.Set;

/**
 * Knossos's {@code mutex}: {@code :acquire} succeeds only when the lock is free, {@code :release} only when it is
 * held. (Like Knossos, it does not track which process holds the lock.)
 */
public final class MutexModel extends JepsenModel<Boolean> {

    public MutexModel() {
        super("mutex", Set.of("acquire", "release"));
    }

    @Override
    public Boolean init() {
        return Boolean.FALSE;
    }

    @Override
    public Optional<Boolean> step(Boolean locked, JepsenOp input, Object output) {
        return stepUnknown(locked, input);
    }

    @Override
    public Optional<Boolean> stepUnknown(Boolean locked, JepsenOp input) {
        boolean acquire = input.f().equals("acquire");
        return acquire != locked ? Optional.of(acquire) : Optional.empty();
    }

    @Override
    public String describeState(Boolean locked) {
        return locked ? "held" : "free";
    }

    @Override
    protected String malformedValue(JepsenOp input, Object output, boolean completed) {
        return null;
    }
}
