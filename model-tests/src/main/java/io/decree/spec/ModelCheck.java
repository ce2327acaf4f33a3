package io.decree.spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decree model-check [--workers N] MODEL...}: model-checks MC configurations of specs-tla/ with the Java
 * mirror. Each name is read from {@code specs-tla/<name>.cfg} (found from the working directory upwards), mutant
 * overrides included. Prints TLC-style counts; exits 1 if a correct model breaks a property or a mutant model
 * breaks none (printing the shortest trace), 2 on a bad argument.
 *
 * <p>The launcher ({@code ./decree model-check}) and the parity test's {@code MirrorRun} start this class
 * directly, with the JVM flags {@code ./decree model-check-jvm} chooses and an AOT cache trained by
 * {@code --aot-training}: on a small model the JVM's start and warm-up are most of the cost (specs-tla/README.md,
 * "TLC and the mirror: timings").
 */
@Command(name = "model-check", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Model-check MC configurations of specs-tla/ with the Java mirror of the TLA+ spec.")
public final class ModelCheck implements Callable<Integer> {
    /**
     * What {@code --aot-training} (handled in {@link #plainRun}, so the training takes the users' path) checks: small models that between them run every path of a check (both
     * modules, a mutant's violation and its trace, a liveness model, a VIEW model), a few seconds of CPU.
     */
    static final List<String> TRAINING_MODELS = List.of("MCSmall", "MCLiveness", "MCReconfig", "MCMutantQuorumHalf", "MCReconfigBallots");

    @Option(names = "--workers", paramLabel = "N",
            description = "threads of the search (default -Dmc.workers, else 1); the counts do not depend on it")
    int workers = ModelChecker.defaultWorkers();

    @Parameters(arity = "0..*", paramLabel = "MODEL", description = "MC config names, e.g. MCSmall (specs-tla/MCSmall.cfg)")
    List<String> names = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Integer status = plainRun(args);
        if (status == null) {
            CommandLine cl = new CommandLine(new ModelCheck());
            cl.setCommandName("decree model-check");
            status = cl.execute(args);
        }
        System.exit(status);
    }

    /**
     * The common call, {@code [--workers N] MODEL...} with known models, run without picocli: picocli's classes
     * are Java 5 class files, which a JDK 25 AOT cache cannot hold ("Old class has been linked"), so building its
     * command line costs about 0.1 s of CPU on every start, as much as checking MCSmall. Anything else (help, an
     * error, an unknown model) returns null and goes through picocli, which gives the usual messages.
     */
    static Integer plainRun(String[] args) {
        int n = ModelChecker.defaultWorkers();
        List<String> models = new ArrayList<>();
        List<String> known = McConfig.names(McConfig.specsDir());
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = a.equals("--workers") && i + 1 < args.length ? args[++i] : a.startsWith("--workers=") ? a.substring(10) : null;
            if (value != null) {
                if (!value.matches("[1-9][0-9]{0,4}")) {
                    return null;
                }
                n = Integer.parseInt(value);
            } else if (known.contains(a)) {
                models.add(a);
            } else if (a.equals("--aot-training")) { // not an option users see: the start-up caches' training run
                models.addAll(TRAINING_MODELS);
            } else {
                return null;
            }
        }
        if (models.isEmpty()) {
            return null;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        return check(models, n, out);
    }

    @Override
    public Integer call() {
        List<String> models = names;
        if (models.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name at least one model; models: " + McConfig.names(McConfig.specsDir()));
        }
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        List<String> known = McConfig.names(McConfig.specsDir());
        for (String name : models) {
            if (!known.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no model " + name + "; models: " + known);
            }
        }
        return check(models, workers, spec.commandLine().getOut());
    }

    /** Checks each model in turn: 1 if a correct model breaks something or a mutant model breaks nothing, else 0. */
    private static int check(List<String> models, int workers, PrintWriter out) {
        boolean failed = false;
        for (String name : models) {
            McConfig mc = McConfig.load(name);
            ModelChecker.Result r = ModelChecker.check(name, mc.spec(), mc.properties(), Long.MAX_VALUE, workers);
            out.println(r);
            if (!r.ok()) {
                out.println(r.violation());
            }
            out.flush();
            failed |= r.ok() == mc.isMutant();
        }
        return failed ? 1 : 0;
    }
}
