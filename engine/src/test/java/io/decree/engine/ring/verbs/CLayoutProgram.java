package io.decree.engine.ring.verbs;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.GroupLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs a C program against the installed {@code <infiniband/verbs.h>} and returns what it printed,
 * keyed by the first two words of each line:
 * <ul>
 *   <li>{@code sizeof <struct>}, and {@code offsetof <struct>.<path>} and {@code sizeof <struct>.<path>} for
 *   every named member of every layout in {@link VerbsLayouts#ALL}: generated from the Java layouts, so a member
 *   whose name Java got wrong does not compile, and a wrong position or width shows as a different number;</li>
 *   <li>{@code const <IBV_NAME>} for every {@code static final int IBV_*} of {@link VerbsConstants};</li>
 *   <li>{@code value ...} and {@code bytes ...} from {@code verbs_encodings.c}, written by hand as C code would.</li>
 * </ul>
 * Compiled once per JVM. When gcc or the header is missing every test using it is skipped with the reason,
 * printed on the console.
 */
final class CLayoutProgram {
    private CLayoutProgram() {}

    private static Map<String, String> output;
    private static String unavailable;

    static synchronized Map<String, String> output() {
        if (output == null && unavailable == null) build();
        if (unavailable != null) {
            System.out.println("[decree] skipped: " + unavailable);
            Assumptions.abort(unavailable);
        }
        return output;
    }

    static long number(String key) {
        String value = output().get(key);
        if (value == null) throw new AssertionError("the C program printed no " + key);
        return Long.parseLong(value);
    }

    static byte[] bytes(String name) {
        String hex = output().get("bytes " + name);
        if (hex == null) throw new AssertionError("the C program printed no bytes " + name);
        return java.util.HexFormat.of().parseHex(hex);
    }

    /** The generated part: layout and constant lines, then main(). */
    static String generated() {
        StringBuilder c = new StringBuilder();
        c.append("\nstatic void layouts(void) {\n");
        for (GroupLayout layout : VerbsLayouts.ALL) {
            String struct = layout.name().orElseThrow();
            c.append("    printf(\"sizeof ").append(struct).append(" %zu\\n\", sizeof(struct ").append(struct).append("));\n");
            for (String member : VerbsLayouts.members(layout).keySet()) {
                c.append("    printf(\"offsetof ").append(struct).append('.').append(member).append(" %zu\\n\", offsetof(struct ")
                        .append(struct).append(", ").append(member).append("));\n");
                c.append("    printf(\"sizeof ").append(struct).append('.').append(member).append(" %zu\\n\", sizeof(((struct ")
                        .append(struct).append(" *) 0)->").append(member).append("));\n");
            }
        }
        for (String name : constants().keySet()) {
            c.append("    printf(\"const ").append(name).append(" %ld\\n\", (long) (").append(name).append("));\n");
        }
        c.append("}\n\nint main(void) {\n    layouts();\n    encodings();\n    return 0;\n}\n");
        return c.toString();
    }

    /** Every {@code public static final int IBV_*} of {@link VerbsConstants}, by name. */
    static Map<String, Integer> constants() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Field field : VerbsConstants.class.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isStatic(m) && field.getType() == int.class && field.getName().startsWith("IBV_")) {
                try {
                    out.put(field.getName(), field.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    private static void build() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("decree-verbs-layout");
            Path source = dir.resolve("verbs_layout.c");
            String encodings;
            try (InputStream in = CLayoutProgram.class.getResourceAsStream("verbs_encodings.c")) {
                if (in == null) throw new AssertionError("verbs_encodings.c is not on the test classpath");
                encodings = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Files.writeString(source, "#include <stddef.h>\n" + encodings + generated());
            Path binary = dir.resolve("verbs_layout");
            Run gcc;
            try {
                gcc = run(List.of("gcc", "-std=gnu11", "-O0", "-o", binary.toString(), source.toString()));
            } catch (IOException e) {
                unavailable = "gcc is not installed (" + e.getMessage() + "): the verbs layouts are not checked against C;"
                        + " apt-get install -y gcc libibverbs-dev";
                return;
            }
            if (gcc.exit != 0) {
                if (gcc.text.contains("infiniband/verbs.h")) {
                    unavailable = "the libibverbs headers are not installed (" + firstLine(gcc.text)
                            + "): apt-get install -y libibverbs-dev";
                    return;
                }
                throw new AssertionError("the generated C program does not compile (a member name the Java layouts got"
                        + " wrong?):\n" + gcc.text);
            }
            Run program = run(List.of(binary.toString()));
            if (program.exit != 0) throw new AssertionError("the layout program failed: " + program.text);
            Map<String, String> lines = new LinkedHashMap<>();
            for (String line : program.text.split("\n")) {
                String[] words = line.split(" ", 3);
                if (words.length != 3) throw new AssertionError("unexpected line from the C program: " + line);
                String previous = lines.put(words[0] + " " + words[1], words[2]);
                if (previous != null) throw new AssertionError("printed twice: " + line);
            }
            output = lines;
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    private record Run(int exit, String text) {}

    private static Run run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.getFirst() + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Run(process.exitValue(), text);
    }

    private static String firstLine(String text) {
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
