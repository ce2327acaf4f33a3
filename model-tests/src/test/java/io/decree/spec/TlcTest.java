package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs TLC itself on the small configurations when {@code TLA2TOOLS_JAR} names a tla2tools.jar, and checks it
 * finds no error and the same distinct-state count and depth as the mirror. Skipped (reported as such) in CI,
 * where TLC is absent.
 */
class TlcTest {
    private static final Pattern COUNTS = Pattern.compile("(\\d+) distinct states found, 0 states left on queue");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is (\\d+)");

    @Test
    void tlcAgreesWithTheMirror() throws Exception {
        String jar = System.getenv("TLA2TOOLS_JAR");
        if (jar == null || jar.isBlank()) {
            System.out.println("TLC skipped: TLA2TOOLS_JAR not set");
        }
        assumeTrue(jar != null && !jar.isBlank(), "TLC skipped: TLA2TOOLS_JAR not set");
        Path specs = specsDir();
        for (String model : List.of("MCSmall", "MCLiveness", "MCReconfig", "MCSnapshot", "MCReconfigSnapshot")) {
            String out = runTlc(jar, specs, model);
            assertTrue(out.contains("Model checking completed. No error has been found."), model + ":\n" + out);
            Matcher c = COUNTS.matcher(out);
            Matcher d = DEPTH.matcher(out);
            assertTrue(c.find() && d.find(), model + ": no counts in TLC output\n" + out);
            ModelChecker.Result mirror = ModelChecker.check(model,
                    Models.BY_NAME.get(model).apply(EnumSet.noneOf(Mutant.class)), model.equals("MCLiveness"));
            assertEquals(Long.parseLong(c.group(1)), mirror.distinctStates(), model + " distinct states");
            assertEquals(Integer.parseInt(d.group(1)), mirror.depth(), model + " depth");
        }
    }

    private static Path specsDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("specs-tla/MultiPaxos.tla"))) {
                return p.resolve("specs-tla");
            }
        }
        throw new IllegalStateException("specs-tla/ not found above " + Path.of("").toAbsolutePath());
    }

    private static String runTlc(String jar, Path specs, String model) throws IOException, InterruptedException {
        Path meta = Files.createTempDirectory("tlc-" + model);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseParallelGC", "-cp", jar, "tlc2.TLC",
                "-workers", "auto", "-metadir", meta.toString(), "-config", model + ".cfg", model + ".tla")
                .directory(specs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), model + ": TLC did not finish");
        return out;
    }
}
