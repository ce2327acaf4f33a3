package io.decree.lin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each deliberate bug in the search must make the checker disagree with the brute-force definition somewhere. */
class MutantTest {

    private static final RegisterModel<Integer> MODEL = new RegisterModel<>();

    @AfterEach
    void restore() {
        LoweSearch.mutant = LoweSearch.Mutant.NONE;
    }

    @ParameterizedTest
    @EnumSource(value = LoweSearch.Mutant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void crossCheckCatchesMutant(LoweSearch.Mutant bug) {
        LoweSearch.mutant = bug;
        Random random = new Random(20261125L);
        LinearizabilityChecker.Options noShrink = LinearizabilityChecker.Options.defaults()
                .withShrink(LinearizabilityChecker.Shrink.OFF);
        int caughtAt = -1;
        for (int i = 0; i < 20_000 && caughtAt < 0; i++) {
            History<RegisterOp<Integer>, OpResult<Integer>> history = BruteForce.randomRegisterHistory(random);
            if (BruteForce.linearizable(history, MODEL)
                    != LinearizabilityChecker.check(history, MODEL, noShrink).isLinearizable()) {
                caughtAt = i;
            }
        }
        assertTrue(caughtAt >= 0, bug + " survived 20,000 random histories");
    }
}
