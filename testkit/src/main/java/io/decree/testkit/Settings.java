package io.decree.testkit;

/** The values of {@link StateMachineChecks}, validated. */
record Settings(int seeds, int clients, int operations, double unknownFraction, int replicas) {

    static final Settings DEFAULTS = new Settings(20, 4, 200, 0.05, 3);

    Settings {
        if (seeds < 1 || clients < 1 || operations < 1 || replicas < 2 || unknownFraction < 0 || unknownFraction > 1) {
            throw new IllegalArgumentException("@StateMachineChecks needs seeds, clients, operations >= 1, replicas >= 2"
                    + " and unknownFraction in [0, 1]; was seeds=" + seeds + " clients=" + clients + " operations="
                    + operations + " replicas=" + replicas + " unknownFraction=" + unknownFraction);
        }
    }

    static Settings of(Class<?> testClass) {
        StateMachineChecks a = testClass.getAnnotation(StateMachineChecks.class);
        return a == null ? DEFAULTS
                : new Settings(a.seeds(), a.clients(), a.operations(), a.unknownFraction(), a.replicas());
    }
}
