package io.decree.contracts;

import io.decree.contracts.translate.Translator;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Command line of the translator: reads Java sources with JML and writes the same classes with their
 * specifications checked at run time.
 *
 * <pre>io.decree.contracts.Instrument --source DIR --output DIR [--uri-base DIR]</pre>
 *
 * Files without JML (and without inherited specifications) are copied unchanged. Unsupported JML stops
 * the build with every problem as {@code file:line:column: message}. {@code --uri-base} is the directory
 * violation reports make paths relative to (default: the enclosing git work tree, else --source).
 */
public final class Instrument {
    private Instrument() {
    }

    public static void main(String[] args) throws IOException {
        Path source = null;
        Path output = null;
        Path uriBase = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw usage("missing value for " + arg);
            }
            switch (arg) {
                case "--source" -> source = Paths.get(args[++i]);
                case "--output" -> output = Paths.get(args[++i]);
                case "--uri-base" -> uriBase = Paths.get(args[++i]);
                default -> throw usage("unknown option " + arg);
            }
        }
        if (source == null || output == null) {
            throw usage("--source and --output are required");
        }
        Translator.Result result = Translator.instrument(source, output, uriBase);
        System.out.println("decree-contracts: " + result.files() + " source file(s), " + result.instrumented()
                + " instrumented, " + result.copied() + " copied unchanged -> " + output);
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem
                + "\nusage: io.decree.contracts.Instrument --source DIR --output DIR [--uri-base DIR]");
    }
}
