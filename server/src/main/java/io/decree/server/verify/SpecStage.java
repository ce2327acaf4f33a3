package io.decree.server.verify;

import io.decree.server.verify.VerifyReport.Finding;
import io.decree.spec.McConfig;
import io.decree.spec.ModelChecker;
import io.decree.spec.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spec model checking: every MC configuration of specs-tla/ with the Java mirror (long-tier models only at
 * --deep; a model over the depth's state bound is left to a deeper run and said so). A correct model must
 * break no property; a mutant model (MCMutant*) must break one, or the model checker is blind. With
 * TLA2TOOLS_JAR set, TLC runs each checked model too and must agree on the verdict.
 */
final class SpecStage {
    final List<Finding> findings = new ArrayList<>();
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    void run(Path specs, Depth depth, Shard shard, Progress progress) {
        for (String k : List.of("models checked", "mutant models caught", "distinct states", "states generated", "models left to a deeper run", "TLC runs"))
            counts.put(k, 0L);
        String tla2tools = System.getenv("TLA2TOOLS_JAR");
        if (tla2tools == null || tla2tools.isBlank()) notes.add("TLC skipped: TLA2TOOLS_JAR is not set (the mirror model-checks every model)");
        List<String> names = McConfig.names(specs);
        for (int k = 0; k < names.size(); k++) {
            if (!shard.ownsIndex(k)) continue;
            McConfig mc = McConfig.load(specs, names.get(k));
            if (mc.longTier() && !depth.longTierModels) {
                counts.merge("models left to a deeper run", 1L, Long::sum);
                continue;
            }
            ModelChecker.Result r;
            try {
                r = mc.check(depth.maxSpecStates);
            } catch (IllegalStateException tooLarge) {
                counts.merge("models left to a deeper run", 1L, Long::sum);
                notes.add(mc.name() + ": " + tooLarge.getMessage() + " (run a deeper verify)");
                continue;
            }
            counts.merge("models checked", 1L, Long::sum);
            counts.merge("distinct states", r.distinctStates(), Long::sum);
            counts.merge("states generated", r.statesGenerated(), Long::sum);
            if (mc.isMutant() && !r.ok()) counts.merge("mutant models caught", 1L, Long::sum);
            if (!mc.isMutant() && !r.ok()) findings.add(violation(mc, r));
            if (mc.isMutant() && r.ok())
                findings.add(new Finding("spec", "MutantModelSurvived", mc.name() + " overrides a definition on purpose but breaks no property: the model checker is blind to it",
                        mc.name(), 0, "", false, "./decree model-check " + mc.name(), List.of()));
            if (tla2tools != null && !tla2tools.isBlank()) tlc(tla2tools, specs, mc, r);
            progress.tick(counts.get("models checked") + " models, " + counts.get("distinct states") + " distinct states");
        }
    }

    private static Finding violation(McConfig mc, ModelChecker.Result r) {
        List<String> steps = new ArrayList<>();
        for (Step s : r.violation().steps()) steps.add(s.toString());
        return new Finding("spec", r.violation().property(), mc.name() + ": " + r.violation().property() + " violated, shortest trace of "
                + r.violation().length() + " states", mc.name(), 0, "", false,
                "./decree model-check " + mc.name(), steps);
    }

    /** TLC on the same model: its verdict must be the mirror's. */
    private void tlc(String jar, Path specs, McConfig mc, ModelChecker.Result mirror) {
        try {
            Path meta = Files.createTempDirectory("verify-tlc-" + mc.name());
            Path log = meta.resolve("tlc.out");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
                    "-cp", jar, "tlc2.TLC", "-workers", "1", "-metadir", meta.toString(), "-config", mc.name() + ".cfg", mc.name() + ".tla")
                    .directory(specs.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                notes.add(mc.name() + ": TLC did not finish within 60 minutes");
                return;
            }
            String out = Files.readString(log);
            deleteRecursively(meta);
            counts.merge("TLC runs", 1L, Long::sum);
            boolean tlcOk = out.contains("Model checking completed. No error has been found.");
            if (tlcOk != mirror.ok())
                findings.add(new Finding("spec", "TlcMirrorDisagree", mc.name() + ": TLC says " + (tlcOk ? "no error" : "error")
                        + ", the mirror " + (mirror.ok() ? "no error" : "a violation of " + mirror.violation().property()), mc.name(), 0, "", false,
                        "cd specs-tla && java -cp $TLA2TOOLS_JAR tlc2.TLC -config " + mc.name() + ".cfg " + mc.name() + ".tla", List.of()));
        } catch (IOException e) {
            notes.add(mc.name() + ": TLC could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
