package io.decree.contracts.translate;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.TypeDeclaration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The programmatic API of the translator: a source tree in, an instrumented source tree out.
 * All files are read first, because a class inherits specifications and invariants from the other files.
 */
public final class Translator {
    /** Marks an output directory as ours, so that clearing it can never delete anybody's sources. */
    static final String MARKER = ".decree-contracts-generated";

    /** What a run did. */
    public record Result(int files, int instrumented, int copied) {
    }

    private Translator() {
    }

    /**
     * Instruments every {@code .java} file under {@code source} into {@code output} (cleared first).
     *
     * @param uriBase directory that report paths are relative to; null for the enclosing git work tree
     * @throws JmlException when any file has unsupported or malformed JML (or does not parse), listing all
     */
    public static Result instrument(Path source, Path output, Path uriBase) throws IOException {
        Path root = source.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("source directory " + source + " does not exist");
        }
        Path base = uriBase != null ? uriBase.toAbsolutePath().normalize() : defaultBase(root);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        }
        List<JmlException.Problem> problems = new ArrayList<>();
        Map<Path, CompilationUnit> units = new LinkedHashMap<>();
        Map<Path, SpecCollector> collectors = new LinkedHashMap<>();
        SourceIndex index = new SourceIndex();
        ClauseCatalog catalog = new ClauseCatalog();
        for (Path file : files) {
            String uri = uri(base, file);
            ParseResult<CompilationUnit> parsed = Parsing.unit(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                parsed.getProblems().forEach(p -> problems.add(new JmlException.Problem(uri,
                        p.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> r.begin.line).orElse(1),
                        p.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> r.begin.column).orElse(1),
                        "cannot parse Java: " + firstLine(p.getMessage()))));
                continue;
            }
            CompilationUnit unit = parsed.getResult().get();
            SpecCollector collector = SpecCollector.collect(unit, uri);
            collector.errors.forEach(e -> problems.add(problem(uri, e)));
            units.put(file, unit);
            collectors.put(file, collector);
            index.add(unit, uri, collector);
        }
        Map<Path, Boolean> changed = new LinkedHashMap<>();
        {
            for (Map.Entry<Path, CompilationUnit> entry : units.entrySet()) {
                List<JmlError> errors = new ArrayList<>();
                boolean any = false;
                for (TypeDeclaration<?> type : List.copyOf(entry.getValue().findAll(TypeDeclaration.class))) {
                    any |= new Weaver(index, index.info(type), errors, catalog).weave();
                }
                String uri = uri(base, entry.getKey());
                errors.forEach(e -> problems.add(problem(uri, e)));
                changed.put(entry.getKey(), any);
            }
        }
        if (!problems.isEmpty()) {
            throw new JmlException(problems);
        }
        clear(output);
        int instrumented = 0;
        for (Path file : files) {
            Path target = output.resolve(root.relativize(file).toString());
            Files.createDirectories(target.getParent());
            if (changed.getOrDefault(file, false)) {
                Files.writeString(target, header(uri(base, file)) + units.get(file).toString(), StandardCharsets.UTF_8);
                instrumented++;
            } else {
                Files.copy(file, target);
            }
        }
        if (!catalog.isEmpty()) {
            Path table = output.resolve(ClauseCatalog.PACKAGE.replace('.', '/')).resolve(ClauseCatalog.CLASS + ".java");
            Files.createDirectories(table.getParent());
            Files.writeString(table, catalog.source(), StandardCharsets.UTF_8);
        }
        return new Result(files.size(), instrumented, files.size() - instrumented);
    }

    private static String header(String uri) {
        return "// Generated by decree-contracts from " + uri + ": JML checked at run time. Do not edit.\n";
    }

    private static JmlException.Problem problem(String uri, JmlError e) {
        return new JmlException.Problem(uri, e.line, e.column, e.getMessage());
    }

    private static String firstLine(String s) {
        int cut = s.indexOf('\n');
        return cut < 0 ? s : s.substring(0, cut);
    }

    private static Path defaultBase(Path root) {
        for (Path p = root; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return root;
    }

    static String uri(Path base, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path relative = absolute.startsWith(base) ? base.relativize(absolute) : absolute;
        return relative.toString().replace('\\', '/');
    }

    private static void clear(Path output) throws IOException {
        if (Files.exists(output)) {
            boolean empty;
            try (Stream<Path> list = Files.list(output)) {
                empty = list.findAny().isEmpty();
            }
            if (!empty && !Files.exists(output.resolve(MARKER))) {
                throw new IllegalArgumentException("output directory " + output
                        + " is not empty and was not made by decree-contracts: refusing to clear it");
            }
            try (Stream<Path> walk = Files.walk(output)) {
                walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(output)).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Files.createDirectories(output);
        Files.writeString(output.resolve(MARKER), "generated by io.decree.contracts.Instrument; cleared on every run\n");
    }
}
