package io.decree.contracts;

import io.decree.contracts.runtime.ClauseCoverage;
import io.decree.contracts.runtime.ClauseCoverage.Count;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.decree.contracts.Fixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clause coverage on fixtures/coverage: evaluations and antecedent-true counts per clause, a vacuous implication
 * (its antecedent never true) told apart from one that held for a reason, an unexercised clause listed with zero.
 */
class ClauseCoverageTest {
    @TempDir
    static Path work;
    static Fixture fx;

    @BeforeAll
    static void build() throws IOException {
        fx = Fixture.build("coverage", work);
    }

    @AfterEach
    void off() {
        ClauseCoverage.disable();
        ClauseCoverage.reset();
    }

    /** This fixture's clauses (other fixtures of the same JVM register tables too). */
    static List<Count> accountClauses() {
        return ClauseCoverage.snapshot().stream().filter(c -> c.clause().file().endsWith("coverage/fx/Account.java")).toList();
    }

    static Count clause(String text) {
        return accountClauses().stream().filter(c -> c.clause().text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no clause '" + text + "' in " + accountClauses()));
    }

    @Test
    void countsEvaluationsAndAntecedentsAndFlagsTheVacuousImplication() throws Exception {
        ClauseCoverage.enable();
        ClauseCoverage.reset();
        Object account = fx.create("fx.Account");
        for (int i = 0; i < 3; i++) {
            call(account, "deposit", 5L);
        }
        Count vacuous = clause("frozen ==> balance == \\old(balance)");
        assertEquals(3, vacuous.evaluations());
        assertEquals(0, vacuous.antecedentTrue());
        assertTrue(vacuous.clause().implication());
        assertTrue(vacuous.vacuous(), "never frozen: the clause held without checking anything");

        Count live = clause("(!frozen ==> balance == \\old(balance) + amount)");
        assertEquals(3, live.evaluations());
        assertEquals(3, live.antecedentTrue(), "an implication in outer parentheses is still an implication");
        assertFalse(live.vacuous());

        Count reverse = clause("balance > 0 <== amount > 0");
        assertTrue(reverse.clause().implication());
        assertEquals(3, reverse.antecedentTrue(), "the antecedent of b <== a is a");

        Count requires = clause("amount > 0");
        assertEquals(3, requires.evaluations());
        assertFalse(requires.clause().implication());
        assertFalse(requires.vacuous(), "only implications can be vacuous");

        Count never = clause("balance == \\old(balance) - amount");
        assertTrue(never.unexercised(), "withdraw never ran: listed with zero evaluations");
        assertEquals(lineOf("balance == \\old(balance) - amount"), never.clause().line());
        assertEquals("ensures", never.clause().kind());
        assertTrue(never.clause().where().contains("withdraw"), never.clause().where());

        Count invariant = clause("balance >= 0");
        assertTrue(invariant.evaluations() >= 6, "on entry and exit of each deposit: " + invariant.evaluations());

        call(account, "withdraw", 5L);
        assertEquals(1, clause("balance == \\old(balance) - amount").evaluations());
        assertEquals(3, clause("frozen ==> balance == \\old(balance)").evaluations(), "withdraw does not evaluate deposit's clauses");
    }

    @Test
    void countsNothingWhenOff() throws Exception {
        ClauseCoverage.reset();
        Object account = fx.create("fx.Account");
        call(account, "deposit", 5L);
        assertFalse(accountClauses().isEmpty(), "the catalogue lists the clauses even when nothing is counted");
        assertTrue(accountClauses().stream().allMatch(c -> c.evaluations() == 0 && c.antecedentTrue() == 0), accountClauses().toString());
    }

    @Test
    void theCatalogueIsGeneratedBesideTheInstrumentedSources() throws IOException {
        Path table = fx.generated.resolve("io/decree/contracts/generated/ClauseTable.java");
        assertTrue(Files.readString(table).contains("frozen ==> balance == \\\\old(balance)"));
    }

    private static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(Fixture.FIXTURES.resolve("coverage/fx/Account.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }
}
