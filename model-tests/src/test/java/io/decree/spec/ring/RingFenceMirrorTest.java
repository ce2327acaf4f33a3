package io.decree.spec.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.decree.spec.McConfig;
import io.decree.spec.TlcRun;
import java.nio.file.Path;
import java.util.List;
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
        String jar = TlcRun.jar();
        assumeTrue(jar != null, "TLC skipped: TLA2TOOLS_JAR not set");
        for (String name : RingFenceChecker.names(SPECS)) {
            RingFenceChecker.Result mirror = RingFenceChecker.check(RingFenceChecker.load(SPECS, name));
            TlcRun tlc = TlcRun.run(jar, SPECS, name, "RingFence", 600);
            System.out.println(name + ": mirror " + mirror + "; " + tlc);
            assertTrue(tlc.finished(), name + ": TLC did not finish in 10 minutes");
            if (mirror.ok()) {
                assertTrue(tlc.noError(), name + ":\n" + tlc.run().output());
                assertEquals(tlc.distinct(), mirror.distinctStates(), name + " distinct states");
                assertEquals(tlc.depth(), mirror.depth(), name + " depth");
            } else {
                assertEquals(mirror.violated(), tlc.violated(), name + ": TLC's violation\n" + tlc.run().output());
                assertEquals(mirror.trace().size(), tlc.traceLength(), name + " trace length");
            }
        }
    }
}
