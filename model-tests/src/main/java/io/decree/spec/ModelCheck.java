package io.decree.spec;

import java.util.EnumSet;
import java.util.TreeSet;

/**
 * Command line: model-check named models with the Java mirror, e.g.
 * {@code java -cp model-tests/target/classes io.decree.spec.ModelCheck MCSmall MCTwoLeaders}. Prints TLC-style
 * counts; exits 1 on a violation (printing the shortest trace). Mutants are not reachable from here.
 */
public final class ModelCheck {
    private ModelCheck() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ModelCheck <model>...   models: " + new TreeSet<>(Models.BY_NAME.keySet()));
            System.exit(2);
        }
        boolean failed = false;
        for (String name : args) {
            var factory = Models.BY_NAME.get(name);
            if (factory == null) {
                System.err.println("unknown model " + name + "; models: " + new TreeSet<>(Models.BY_NAME.keySet()));
                System.exit(2);
            }
            ModelChecker.Result r = ModelChecker.check(name, factory.apply(EnumSet.noneOf(Mutant.class)),
                    name.equals("MCLiveness"));
            System.out.println(r);
            if (!r.ok()) {
                System.out.println(r.violation());
                failed = true;
            }
        }
        System.exit(failed ? 1 : 0);
    }
}
