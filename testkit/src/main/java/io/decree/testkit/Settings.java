package io.decree.testkit;

/** The values of {@link StateMachineChecks}, validated. */
record Settings(int seeds, int clients, int operations, double unknownFraction, int replicas, int simulatorSeeds) {

    static final Settings DEFAULTS = new Settings(20, 4, 200, 0.05, 3, 5);

    Settings {
        if (seeds < 1 || simulatorSeeds < 0 || clients < 1 || operations < 1 || replicas < 2 || unknownFraction < 0 || unknownFraction > 1) {
            throw new IllegalArgumentException("@StateMachineChecks needs seeds, clients, operations >= 1, replicas >= 2"
                    + ", simulatorSeeds >= 0 and unknownFraction in [0, 1]; was seeds=" + seeds + " simulatorSeeds=" + simulatorSeeds + " clients=" + clients + " operations="
                    + operations + " replicas=" + replicas + " unknownFraction=" + unknownFraction);
        }
    }

    static Settings of(Class<?> testClass) {
        StateMachineChecks a = testClass.getAnnotation(StateMachineChecks.class);
        return a == null ? DEFAULTS
                : new Settings(a.seeds(), a.clients(), a.operations(), a.unknownFraction(), a.replicas(), a.simulatorSeeds());
    }
}
