package io.decree.contracts;

import io.decree.contracts.translate.Translator;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Instruments a fixture source tree under src/test/resources/fixtures, compiles the result in-process
 * with --release 25 and loads it, so tests drive the generated checks exactly as a suite would.
 */
final class Fixture {
    static final Path FIXTURES = Paths.get("src/test/resources/fixtures");

    final Path generated;
    final ClassLoader loader;
    final Translator.Result result;

    private Fixture(Path generated, ClassLoader loader, Translator.Result result) {
        this.generated = generated;
        this.loader = loader;
        this.result = result;
    }

    static Fixture build(String name, Path work) throws IOException {
        Path source = FIXTURES.resolve(name);
        Path generated = work.resolve("generated");
        Translator.Result result = Translator.instrument(source, generated, Paths.get(""));
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        compile(generated, classes);
        ClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, Fixture.class.getClassLoader());
        return new Fixture(generated, loader, result);
    }

    static void compile(Path sources, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = compiler.getTask(null, fm, diagnostics,
                    List.of("--release", "25", "-Xlint:all,-serial", "-classpath", System.getProperty("java.class.path"),
                            "-d", classes.toString()),
                    null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                StringBuilder why = new StringBuilder("instrumented fixture does not compile:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        why.append('\n').append(d);
                    }
                }
                throw new AssertionError(why.toString());
            }
        }
    }

    Object create(String className, Object... args) throws Exception {
        Class<?> type = loader.loadClass(className);
        for (var c : type.getConstructors()) {
            if (c.getParameterCount() == args.length) {
                try {
                    return c.newInstance(args);
                } catch (InvocationTargetException e) {
                    throw rethrow(e);
                }
            }
        }
        throw new NoSuchMethodException(className + " with " + args.length + " arguments");
    }

    static Object call(Object target, String method, Object... args) throws Exception {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target instanceof Class<?> ? null : target, args);
                } catch (InvocationTargetException e) {
                    throw rethrow(e);
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + method);
    }

    static void set(Object target, String field, Object value) throws Exception {
        target.getClass().getField(field).set(target, value);
    }

    private static Exception rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return (Exception) cause;
    }
}
