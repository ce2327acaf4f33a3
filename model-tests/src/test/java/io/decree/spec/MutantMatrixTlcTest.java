package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mutant x model table with TLC beside the mirror (long tier, {@code TLA2TOOLS_JAR}): every cell of
 * {@link MutantMatrixTest} is written out as a TLC model, the feature model's config with the mutant's definition
 * override and the MCMutant* models' properties (TypeOK, Agreement, Validity, Refinement), and TLC must stop on
 * the same property with a counterexample of the same (shortest) length as the mirror. A {@code MATRIX} line per
 * cell gives both tools' states at the stop and TLC's CPU time.
 *
 * <p>The cell's module extends the feature model's and adds the mutant's definition, copied from the mutant's own
 * MCMutant* module; the cfg is the feature model's with the override line of the MCMutant* cfg added to its
 * CONSTANTS, its INVARIANTS and PROPERTIES replaced, and VIEW View (the mirror's matrix counts views). Both are
 * written to a scratch copy of specs-tla, never next to the specs. {@code -Dmatrix.models=MCReconfigRace,...}
 * restricts a run to those feature models' cells.
 */
class MutantMatrixTlcTest {
    private static final Pattern OVERRIDE = Pattern.compile("^\\s*\\w+\\s*<-\\s*Mut\\w+\\s*$");

    /** Every cell, or those of the feature models named in {@code -Dmatrix.models=A,B}. */
    static Stream<Arguments> cells() {
        String only = System.getProperty("matrix.models", "");
        List<String> wanted = List.of(only.split(","));
        return MutantMatrixTest.cells().filter(a -> only.isBlank() || wanted.contains((String) a.get()[1]));
    }

    @ParameterizedTest(name = "TLC: {0} on {1}: {2}, {3} states")
    @MethodSource("cells")
    void tlcStopsWhereTheMirrorDoes(Mutant mutant, String model, String property, int traceLength, String tier) throws Exception {
        String jar = TlcRun.jar();
        assumeTrue(jar != null, "TLC skipped: TLA2TOOLS_JAR not set");
        assumeTrue("long".equals(System.getProperty("tier")), "TLC on the mutant matrix: long tier, run with -Dtier=long");
        Path scratch = Files.createTempDirectory("matrix-tlc");
        try {
            String cell = writeCell(scratch, mutant, model);
            TlcRun tlc = TlcRun.run(jar, scratch, cell, TlcRun.capSeconds());
            assertFalse(tlc.tlcFailed(), cell + ": TLC failed\n" + tlc.run().output());
            assertTrue(tlc.finished(), cell + ": TLC did not stop within the cap: " + tlc);
            ModelChecker.Result mirror = MutantMatrixTest.check(mutant, model);
            System.out.printf("MATRIX %s on %s | TLC %s@%d, %d distinct at the stop, %.1f s CPU | mirror %s@%d, %d at the stop%n",
                    mutant, model, tlc.violated(), tlc.traceLength(), tlc.distinct(), tlc.run().cpuMillis() / 1000.0,
                    mirror.violation() == null ? "none" : mirror.violation().property(),
                    mirror.violation() == null ? 0 : mirror.violation().length(), mirror.distinctStates());
            assertEquals(property, tlc.violated(), cell + ": the property TLC reports\n" + tlc.run().output());
            assertEquals(traceLength, tlc.traceLength(), cell + ": TLC's trace length\n" + tlc.run().output());
            assertFalse(mirror.ok(), mutant + " not caught by the mirror on " + model);
            assertEquals(tlc.violated(), mirror.violation().property(), cell + ": TLC and the mirror, property");
            assertEquals(tlc.traceLength(), mirror.violation().length(), cell + ": TLC and the mirror, trace length");
        } finally {
            TlcRun.deleteTree(scratch);
        }
    }

    /** Copies specs-tla's modules into {@code dir} and writes the cell's module and cfg there; returns its name. */
    static String writeCell(Path dir, Mutant mutant, String model) throws IOException {
        Path specs = McConfig.specsDir();
        try (Stream<Path> tla = Files.list(specs)) {
            for (Path p : tla.filter(p -> p.toString().endsWith(".tla")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        String own = mutantModel(specs, mutant);
        List<String> ownTla = Files.readAllLines(specs.resolve(own + ".tla"));
        int extendsAt = indexOf(ownTla, l -> l.startsWith("EXTENDS "));
        int endAt = indexOf(ownTla, l -> l.startsWith("===="));
        String definition = String.join("\n", ownTla.subList(extendsAt + 1, endAt));
        String override = Files.readAllLines(specs.resolve(own + ".cfg")).stream()
                .filter(l -> OVERRIDE.matcher(l).matches()).findFirst()
                .orElseThrow(() -> new IllegalStateException(own + ".cfg has no definition override"));

        String cell = "MX" + model + "_" + mutant;
        Files.writeString(dir.resolve(cell + ".tla"), "---- MODULE " + cell + " ----\n"
                + "(* " + mutant + " on " + model + ", written by MutantMatrixTlcTest. *)\n"
                + "EXTENDS " + model + "\n" + definition + "\n====\n");
        StringBuilder cfg = new StringBuilder();
        for (String line : Files.readAllLines(specs.resolve(model + ".cfg"))) {
            if (line.startsWith("INVARIANTS") || line.startsWith("PROPERTIES")) {
                continue;
            }
            cfg.append(line).append('\n');
            if (line.equals("CONSTANTS")) {
                cfg.append(inModule(override, McConfig.load(model).module())).append('\n');
            }
        }
        cfg.append("INVARIANTS TypeOK Agreement Validity\nPROPERTIES Refinement\n");
        if (cfg.indexOf("VIEW View") < 0) {
            cfg.append("VIEW View\n"); // the mirror's matrix counts by the view on every feature model
        }
        Files.writeString(dir.resolve(cell + ".cfg"), cfg.toString());
        return cell;
    }

    /**
     * The override as TLC needs it in a model of {@code module}: MultiPaxosReconfig instantiates MultiPaxos
     * ({@code Base == INSTANCE MultiPaxos}), so a definition of MultiPaxos is overridden there with TLC's
     * {@code Def <- [MultiPaxos] MutDef} (in every instance of that module), not by its bare name, which is not
     * in the root module's namespace. A definition the model's module has itself (MultiPaxosReconfig's InWindow) keeps the bare form.
     */
    static String inModule(String override, String module) throws IOException {
        String[] sides = override.trim().split("\\s*<-\\s*");
        if (definedIn(sides[0], module) || !definedIn(sides[0], "MultiPaxos")) {
            return override;
        }
        return "  " + sides[0] + " <- [MultiPaxos] " + sides[1];
    }

    private static boolean definedIn(String definition, String module) throws IOException {
        Pattern def = Pattern.compile("(?m)^" + Pattern.quote(definition) + "\\s*(\\(|==)");
        return def.matcher(Files.readString(McConfig.specsDir().resolve(module + ".tla"))).find();
    }

    /** The MCMutant* config that overrides exactly this mutant's definition. */
    static String mutantModel(Path specs, Mutant mutant) {
        List<String> own = McConfig.names(specs).stream().filter(n -> n.startsWith("MCMutant"))
                .filter(n -> McConfig.load(n).mutants().equals(EnumSet.of(mutant))).toList();
        assertEquals(1, own.size(), "MCMutant* configs overriding " + mutant + ": " + own);
        return own.get(0);
    }

    private static int indexOf(List<String> lines, Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        throw new IllegalStateException("no such line in " + String.join("\n", lines));
    }
}
