package io.decree.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Command line: model-check MC configurations of specs-tla/ with the Java mirror, e.g.
 * {@code java -cp model-tests/target/classes io.decree.spec.ModelCheck --workers 2 MCSmall MCTwoLeaders}. Each
 * name is read from {@code specs-tla/<name>.cfg} (found from the working directory upwards), mutant overrides
 * included. {@code --workers N} sets the search's threads (default {@code -Dmc.workers}, else 1; the counts do
 * not depend on it). Prints TLC-style counts; exits 1 if a correct model breaks a property or a mutant model
 * breaks none (printing the shortest trace).
 */
public final class ModelCheck {
    private ModelCheck() {
    }

    public static void main(String[] args) {
        int workers = ModelChecker.defaultWorkers();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--workers") && i + 1 < args.length) {
                workers = Integer.parseInt(args[++i]);
            } else {
                names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            System.err.println("usage: ModelCheck [--workers N] <model>...   models: " + McConfig.names(McConfig.specsDir()));
            System.exit(2);
        }
        boolean failed = false;
        for (String name : names) {
            McConfig mc = McConfig.load(name);
            ModelChecker.Result r = ModelChecker.check(name, mc.spec(), mc.properties(), Long.MAX_VALUE, workers);
            System.out.println(r);
            if (!r.ok()) {
                System.out.println(r.violation());
            }
            failed |= r.ok() == mc.isMutant();
        }
        System.exit(failed ? 1 : 0);
    }
}
