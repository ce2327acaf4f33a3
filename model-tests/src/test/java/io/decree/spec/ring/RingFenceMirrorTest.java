package io.decree.spec.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.spec.McConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The mirror of {@code specs-tla/RingFence.tla} on every {@code RingFence*.cfg}: the real model keeps Intact and
 * Fenced (a revoked writer changes nothing the receiver delivers, so nothing a quorum relies on), and each mutant
 * model breaks the invariant it is named for. With {@code TLA2TOOLS_JAR} set, TLC runs the same cfgs and must
 * agree: same distinct states and depth when it finishes, same invariant and trace length when it does not.
 */
class RingFenceMirrorTest {
    private static final Path SPECS = McConfig.specsDir();

    @Test void theRealModelKeepsEveryInvariant() throws Exception {
        RingFenceChecker.Result r = RingFenceChecker.check(RingFenceChecker.load(SPECS, "RingFence"));
        System.out.println(r);
        assertTrue(r.ok(), r.toString());
        assertTrue(r.distinctStates() > 100 && r.depth() > 10, "the model explores revocation and a re-grant: " + r);
    }

    @Test void publishingBeforeThePayloadBreaksIntact() throws Exception {
        RingFenceChecker.Result r = RingFenceChecker.check(RingFenceChecker.load(SPECS, "RingFenceMutantPublishEarly"));
        System.out.println(r);
        assertEquals("Intact", r.violated(), r.toString());
        assertEquals(List.of("Init", "WriterPublish", "Receive"), r.trace());
    }

    @Test void ignoringTheRevocationBreaksFenced() throws Exception {
        RingFenceChecker.Result r = RingFenceChecker.check(RingFenceChecker.load(SPECS, "RingFenceMutantIgnoreRevoke"));
        System.out.println(r);
        assertEquals("Fenced", r.violated(), r.toString());
        assertTrue(r.trace().contains("Revoke") && r.trace().indexOf("Revoke") < r.trace().lastIndexOf("WriterPublish"), r.trace().toString());
    }

    @Test void tlcAgreesOnEveryRingFenceModel() throws Exception {
        String jar = System.getenv("TLA2TOOLS_JAR");
        if (jar == null || jar.isBlank()) System.out.println("TLC skipped: TLA2TOOLS_JAR not set");
        assumeTrue(jar != null && !jar.isBlank(), "TLC skipped: TLA2TOOLS_JAR not set");
        for (String name : RingFenceChecker.names(SPECS)) {
            RingFenceChecker.Result mirror = RingFenceChecker.check(RingFenceChecker.load(SPECS, name));
            String out = tlc(jar, name);
            System.out.println(name + ": mirror " + mirror);
            if (mirror.ok()) {
                Matcher c = Pattern.compile("(\\d+) distinct states found, 0 states left on queue").matcher(out);
                Matcher d = Pattern.compile("depth of the complete state graph search is (\\d+)").matcher(out);
                assertTrue(out.contains("No error has been found") && c.find() && d.find(), name + ":\n" + out);
                assertEquals(Long.parseLong(c.group(1)), mirror.distinctStates(), name + " distinct states");
                assertEquals(Integer.parseInt(d.group(1)), mirror.depth(), name + " depth");
            } else {
                Matcher inv = Pattern.compile("Error: Invariant (\\w+) is violated").matcher(out);
                assertTrue(inv.find(), name + ": TLC found no violation\n" + out);
                assertEquals(mirror.violated(), inv.group(1), name);
                Matcher st = Pattern.compile("(?m)^State (\\d+): ").matcher(out);
                int last = 0;
                while (st.find()) last = Math.max(last, Integer.parseInt(st.group(1)));
                assertEquals(mirror.trace().size(), last, name + " trace length");
            }
        }
    }

    private static String tlc(String jar, String cfg) throws Exception {
        Path meta = Files.createTempDirectory("tlc-" + cfg);
        Path log = meta.resolve("tlc.out");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseParallelGC", "-cp", jar, "tlc2.TLC", "-workers", "1",
                "-metadir", meta.toString(), "-config", cfg + ".cfg", "RingFence.tla")
                .directory(SPECS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), cfg + ": TLC did not finish in 10 minutes");
        return Files.readString(log);
    }
}
