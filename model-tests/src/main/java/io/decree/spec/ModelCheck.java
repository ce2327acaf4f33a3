package io.decree.spec;

/**
 * Command line: model-check MC configurations of specs-tla/ with the Java mirror, e.g.
 * {@code java -cp model-tests/target/classes io.decree.spec.ModelCheck MCSmall MCTwoLeaders}. Each name is read
 * from {@code specs-tla/<name>.cfg} (found from the working directory upwards), mutant overrides included.
 * Prints TLC-style counts; exits 1 if a correct model breaks a property or a mutant model breaks none
 * (printing the shortest trace).
 */
public final class ModelCheck {
    private ModelCheck() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ModelCheck <model>...   models: " + McConfig.names(McConfig.specsDir()));
            System.exit(2);
        }
        boolean failed = false;
        for (String name : args) {
            McConfig mc = McConfig.load(name);
            ModelChecker.Result r = mc.check(Long.MAX_VALUE);
            System.out.println(r);
            if (!r.ok()) {
                System.out.println(r.violation());
            }
            failed |= r.ok() == mc.isMutant();
        }
        System.exit(failed ? 1 : 0);
    }
}
