package io.decree.contracts;

import io.decree.contracts.translate.JmlException;
import io.decree.contracts.translate.Translator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JML outside the subset stops the build with file and line; nothing is skipped and nothing written. */
class UnsupportedJmlTest {
    @TempDir
    Path work;

    private JmlException translateBad() {
        return assertThrows(JmlException.class,
                () -> Translator.instrument(Fixture.FIXTURES.resolve("bad"), work.resolve("out"), Paths.get("")));
    }

    private static int lineOf(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(Fixture.FIXTURES.resolve("bad/fx/" + file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    private static JmlException.Problem find(JmlException e, String file, int line) {
        return e.problems().stream().filter(p -> p.file().endsWith("bad/fx/" + file) && p.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + file + ":" + line + " in\n" + e.getMessage()));
    }

    @Test
    void everyProblemIsReportedWithFileAndLine() throws IOException {
        JmlException e = translateBad();
        assertTrue(find(e, "InBody.java", lineOf("InBody.java", "loop_invariant")).message().contains("method body"), e.getMessage());
        assertTrue(find(e, "NumOf.java", lineOf("NumOf.java", "\\num_of")).message().contains("\\num_of"), e.getMessage());
        assertTrue(find(e, "Model.java", lineOf("Model.java", "model int")).message().contains("'model'"), e.getMessage());
        assertTrue(find(e, "Model.java", lineOf("Model.java", "requires n >= 0")).message().contains("field"), e.getMessage());
        JmlException.Problem unbounded = find(e, "Unbounded.java", lineOf("Unbounded.java", "i > 0"));
        assertTrue(unbounded.message().contains("bound"), unbounded.message());
        assertTrue(find(e, "Unbounded.java", lineOf("Unbounded.java", "helperNotPure() > 0")).message().contains("pure"), e.getMessage());
        assertEquals(6, e.problems().size(), e.getMessage());
        assertFalse(Files.exists(work.resolve("out")), "no partial output");
    }

    @Test
    void theCommandLineFailsWithTheSameMessage() {
        JmlException e = assertThrows(JmlException.class, () -> Instrument.main(new String[]{
                "--source", Fixture.FIXTURES.resolve("bad").toString(), "--output", work.resolve("cli").toString()}));
        assertTrue(e.getMessage().contains("InBody.java:" + 6 + ":"), e.getMessage());
    }

    @Test
    void refusesToClearADirectoryItDidNotMake() throws IOException {
        Path foreign = work.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("keep.txt"), "precious");
        assertThrows(IllegalArgumentException.class,
                () -> Translator.instrument(Fixture.FIXTURES.resolve("ok"), foreign, Paths.get("")));
        assertTrue(Files.exists(foreign.resolve("keep.txt")));
    }
}
