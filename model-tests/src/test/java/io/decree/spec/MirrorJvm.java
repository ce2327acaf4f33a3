package io.decree.spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The JVM arguments {@code ./decree model-check} starts the mirror with, for {@link MirrorRun}: the flags the
 * launcher chooses for the models ({@code ./decree model-check-jvm MODEL...}: one place decides them), the two
 * jars it runs from, and a JDK 25 AOT cache made by the same training run ({@code ModelCheck --aot-training})
 * with the same arguments. So the parity test times what users get, not the test JVM's classpath and defaults.
 *
 * <p>The differences, none of which changes what the JVM does: the model-tests jar is made here from
 * target/classes (an AOT cache takes classes from jars only; the launcher uses the distribution's), once per
 * test JVM, as is each cache (a cache made from another build's jar would be rejected: slower, silently);
 * and {@link ChildJvm} always puts {@code -XX:+UseParallelGC} first, so {@code -XX:-UseParallelGC} undoes it before
 * the launcher's {@code -XX:+UseSerialGC} (two collectors selected is an error).
 */
final class MirrorJvm {
    private static final Map<List<String>, List<String>> ARGS = new HashMap<>();
    private static String classpath;

    private MirrorJvm() {
    }

    /** JVM arguments (flags, AOT cache if one could be made, classpath) for checking {@code models}. */
    static synchronized List<String> args(Path specsDir, List<String> models) throws IOException, InterruptedException {
        List<String> flags = launcherFlags(specsDir.getParent(), models);
        List<String> cached = ARGS.get(flags);
        if (cached != null) {
            return cached;
        }
        List<String> base = new ArrayList<>();
        if (flags.contains("-XX:+UseSerialGC")) {
            base.add("-XX:-UseParallelGC");
        }
        base.addAll(flags);
        base.add("-cp");
        base.add(classpath());
        Path cache = target().resolve("mirror-" + (flags.contains("-XX:TieredStopAtLevel=1") ? "quick" : "full") + ".aot");
        Files.deleteIfExists(cache);
        List<String> training = new ArrayList<>(base);
        training.add("-XX:AOTCacheOutput=" + cache);
        training.addAll(List.of(ModelCheck.class.getName(), "--aot-training"));
        ChildJvm made = ChildJvm.run(specsDir, 600, training);
        List<String> args = new ArrayList<>(base);
        if (made.finished() && Files.size(cache) > 0) {
            args.add(0, "-XX:AOTCache=" + cache);
        } else {
            System.out.println("MirrorRun: no AOT cache (training exit " + made.exitCode() + "), the mirror starts without one:\n" + made.output());
        }
        ARGS.put(flags, List.copyOf(args));
        return ARGS.get(flags);
    }

    /** {@code ./decree model-check-jvm MODEL...}: the launcher's flags, one per line. */
    static List<String> launcherFlags(Path repo, List<String> models) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("decree").toString(), "model-check-jvm"));
        cmd.addAll(models);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || out.isBlank()) {
            throw new IllegalStateException("./decree model-check-jvm " + models + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The launcher's classpath, here: model-tests' classes as a jar, and picocli's jar. */
    private static String classpath() throws IOException {
        if (classpath == null) {
            Path classes = location(ModelCheck.class.getProtectionDomain().getCodeSource());
            Path jar = target().resolve("mirror-model-tests.jar");
            jar(classes, jar);
            classpath = jar + java.io.File.pathSeparator + location(CommandLine.class.getProtectionDomain().getCodeSource());
        }
        return classpath;
    }

    private static Path target() throws IOException {
        Path classes = location(ModelCheck.class.getProtectionDomain().getCodeSource());
        return Files.createDirectories(classes.getParent().resolve("mirror-jvm"));
    }

    private static Path location(CodeSource source) {
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes every file under {@code dir} into {@code jar}. */
    private static void jar(Path dir, Path jar) throws IOException {
        if (Files.isRegularFile(dir)) { // already a jar (the module's packaged classes)
            Files.copy(dir, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
