package io.decree.spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mirror ({@link ModelCheck}, one worker) on one config in a JVM of its own, as users start it, timed as TLC is
 * ({@link ChildJvm}: JVM start-up, reading the cfg and JIT warm-up included), so that distinct states per second
 * compare like with like; read back from the {@link ModelChecker.Result} line it prints.
 *
 * @param model       the config's name
 * @param run         the process: output, wall and CPU time
 * @param distinct    distinct states found (views, for a model with a VIEW)
 * @param depth       depth of the search
 * @param violated    the broken property, or null
 * @param traceLength states in the counterexample (0 without one)
 */
public record MirrorRun(String model, ChildJvm run, long distinct, int depth, String violated, int traceLength) {
    private static final Pattern RESULT = Pattern.compile(
            "(?m)^(\\w+): (?:no error|VIOLATION of (\\w+) \\(trace of (\\d+) states\\)); \\d+ states generated, (\\d+) distinct states found, depth (\\d+), \\d+ ms$");

    /**
     * ModelCheck on {@code model}, from {@code specsDir} (where it finds the cfg), started as {@code ./decree
     * model-check} starts it ({@link MirrorJvm}: the same flags, jars and kind of AOT cache).
     */
    public static MirrorRun run(Path specsDir, String model, long capSeconds) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(MirrorJvm.args(specsDir, List.of(model)));
        args.addAll(List.of(ModelCheck.class.getName(), "--workers", "1", model));
        ChildJvm run = ChildJvm.run(specsDir, capSeconds, args);
        Matcher m = RESULT.matcher(run.output());
        while (m.find()) {
            if (m.group(1).equals(model)) {
                return new MirrorRun(model, run, Long.parseLong(m.group(4)), Integer.parseInt(m.group(5)), m.group(2),
                        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
            }
        }
        throw new IllegalStateException(model + ": no result line from the mirror (finished: " + run.finished() + ", exit "
                + run.exitCode() + "):\n" + run.output());
    }
}
