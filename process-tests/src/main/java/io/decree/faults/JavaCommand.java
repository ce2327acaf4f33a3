package io.decree.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM running {@code mainClass} on this JVM's own classpath and Java runtime: replica
 * processes run exactly the classes the test was built with, no packaging step in between.
 */
public final class JavaCommand {
    private JavaCommand() {}

    /** {@code java [jvmOptions] -cp <this JVM's classpath> mainClass [args]}. */
    public static List<String> of(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * This JVM's classpath. Under Surefire that is the test classpath only when the booter does not use a
     * manifest-only jar (process-tests/pom.xml turns it off); a classpath of one surefirebooter jar would
     * start replicas that cannot find their main class, so it is refused here with the reason.
     */
    static String classpath() {
        String cp = System.getProperty("java.class.path");
        if (cp == null || cp.isBlank()) throw new IllegalStateException("java.class.path is empty: cannot launch a JVM on this classpath");
        if (!cp.contains(java.io.File.pathSeparator) && cp.contains("surefirebooter"))
            throw new IllegalStateException("java.class.path is Surefire's manifest-only jar (" + cp
                    + "); set <useManifestOnlyJar>false</useManifestOnlyJar> so launched JVMs see the test classpath");
        return cp;
    }
}
