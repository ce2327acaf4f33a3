package io.decree.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a replica as its own JVM: {@code java <jvm options> -cp <classpath> io.decree.server.cli.Main server
 * --config FILE --id N}, its output appended to a log file. {@link #current()} reuses this JVM's java and
 * class path, which is what a test (surefire with {@code useManifestOnlyJar=false}) and the distribution
 * ({@code lib/*}) both need.
 *
 * @param java       the java executable
 * @param classpath  the class path holding decree-server and its dependencies
 * @param jvmOptions options before the class path; replicas of a local cluster share a small machine, so the
 *                   defaults keep each JVM small
 */
public record ProcessLauncher(Path java, String classpath, List<String> jvmOptions) {
    public static final String MAIN = "io.decree.server.cli.Main";

    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-ea",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"); // Agrona 2.x (the wire codec's buffers) needs it

    public ProcessLauncher {
        jvmOptions = List.copyOf(jvmOptions);
        if (classpath == null || classpath.isBlank()) throw new IllegalArgumentException("empty class path for replica processes");
    }

    /** This JVM's java and class path, with {@link #DEFAULT_JVM_OPTIONS}. */
    public static ProcessLauncher current() {
        return new ProcessLauncher(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), DEFAULT_JVM_OPTIONS);
    }

    public ProcessLauncher withJvmOptions(List<String> options) { return new ProcessLauncher(java, classpath, options); }

    /** The command line of replica {@code id} of the cluster in {@code configFile}. */
    public List<String> command(Path configFile, int id) {
        List<String> command = new ArrayList<>(jvmOptions.size() + 8);
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN);
        command.add("server");
        command.add("--config");
        command.add(configFile.toAbsolutePath().toString());
        command.add("--id");
        command.add(String.valueOf(id));
        return command;
    }

    /** Starts replica {@code id}; stdout and stderr are appended to {@code log}. */
    public Process start(Path configFile, int id, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(configFile, id)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("NO_COLOR", "1");
        return builder.start();
    }
}
