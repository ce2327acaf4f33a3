package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code decree model-check}'s command line: the plain path (no picocli) takes only {@code [--workers N] MODEL...}
 * with known models and hands everything else to picocli; and the launcher's choice of JVM flags, which the
 * parity test's {@link MirrorRun} uses too.
 */
class ModelCheckTest {

    @Test
    void anythingButKnownModelsAndWorkersGoesToPicocli() {
        assertNull(ModelCheck.plainRun(new String[0]), "no model: picocli's usage message");
        assertNull(ModelCheck.plainRun(new String[] {"--help"}));
        assertNull(ModelCheck.plainRun(new String[] {"MCSmall", "-h"}));
        assertNull(ModelCheck.plainRun(new String[] {"MCNoSuchModel"}));
        assertNull(ModelCheck.plainRun(new String[] {"--workers", "0", "MCSmall"}), "a bad count: picocli says so");
        assertNull(ModelCheck.plainRun(new String[] {"--workers=x", "MCSmall"}));
        assertNull(ModelCheck.plainRun(new String[] {"--workers"}));
    }

    @Test
    void picocliRejectsWhatThePlainPathRefuses() {
        assertEquals(2, new picocli.CommandLine(new ModelCheck()).execute("--workers", "0", "MCSmall"));
        assertEquals(2, new picocli.CommandLine(new ModelCheck()).execute("MCNoSuchModel"));
        assertEquals(2, new picocli.CommandLine(new ModelCheck()).execute());
        assertEquals(0, new picocli.CommandLine(new ModelCheck()).execute("--help"));
    }

    @Test
    void theTrainingModelsExist() {
        assertTrue(McConfig.names(McConfig.specsDir()).containsAll(ModelCheck.TRAINING_MODELS));
    }

    @Test
    void smallModelsGetC1OnlyLargeOnesTheFullJit() throws Exception {
        List<String> small = MirrorJvm.launcherFlags(McConfig.specsDir().getParent(), List.of("MCSmall"));
        List<String> pipeline = MirrorJvm.launcherFlags(McConfig.specsDir().getParent(), List.of("MCPipeline"));
        List<String> longTier = MirrorJvm.launcherFlags(McConfig.specsDir().getParent(), List.of("MCSmall", "MCTwoRounds"));
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), small);
        assertEquals(List.of("-XX:+UseSerialGC"), pipeline, "\\* jit: full");
        assertEquals(List.of("-XX:+UseSerialGC"), longTier, "\\* tier: long");
    }
}
