package io.decree.perf.load;

import io.decree.server.StorageKind;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link LoadMain} runs: a local cluster of {@code replicas} processes on {@code storage}, loaded by
 * {@code concurrency} closed-loop client sessions (each waits for its put before sending the next) writing
 * values of {@code payloadBytes} for {@code warmupSeconds} (not measured) then {@code durationSeconds}.
 *
 * @param keysPerSession distinct keys each session cycles through (the final check reads each back)
 * @param dir            the cluster's directory; null: a fresh temporary one, removed afterwards
 * @param out            the JSON result file
 */
public record LoadOptions(int replicas, StorageKind storage, int payloadBytes, int concurrency, int durationSeconds,
                          int warmupSeconds, int keysPerSession, Path dir, Path out) {

    public LoadOptions {
        if (replicas < 1 || replicas > 9) throw new IllegalArgumentException("--replicas must be 1 to 9, got " + replicas);
        if (payloadBytes < 1) throw new IllegalArgumentException("--payload must be at least 1 byte, got " + payloadBytes);
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        if (durationSeconds < 1) throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSeconds);
        if (warmupSeconds < 0) throw new IllegalArgumentException("--warmup must not be negative, got " + warmupSeconds);
        if (keysPerSession < 1) throw new IllegalArgumentException("--keys-per-session must be at least 1, got " + keysPerSession);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(3, StorageKind.FILE, 64, 16, 30, 5, 4, null, Path.of("load-result.json"));
    }

    public static final String USAGE = """
            usage: LoadMain [--replicas=3] [--storage=file|pmem] [--payload=64] [--concurrency=16]
                            [--duration=30] [--warmup=5] [--keys-per-session=4] [--dir=DIR] [--out=load-result.json]
            Starts a local cluster of replica processes (LocalCluster), runs closed-loop put sessions against it
            over TCP + TLS, prints ops/s and latency every second, a summary at the end, and writes --out (JSON).""";

    /** Parses {@code --name=value} arguments over {@link #defaults()}. */
    public static LoadOptions parse(String... args) {
        LoadOptions o = defaults();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) throw new IllegalArgumentException("expected --name=value, got '" + arg + "'\n" + USAGE);
            String name = arg.substring(2, eq), value = arg.substring(eq + 1);
            o = switch (name) {
                case "replicas" -> new LoadOptions(integer(name, value), o.storage, o.payloadBytes, o.concurrency, o.durationSeconds, o.warmupSeconds, o.keysPerSession, o.dir, o.out);
                case "storage" -> new LoadOptions(o.replicas, StorageKind.valueOf(value.toUpperCase(Locale.ROOT)), o.payloadBytes, o.concurrency, o.durationSeconds, o.warmupSeconds, o.keysPerSession, o.dir, o.out);
                case "payload" -> new LoadOptions(o.replicas, o.storage, integer(name, value), o.concurrency, o.durationSeconds, o.warmupSeconds, o.keysPerSession, o.dir, o.out);
                case "concurrency" -> new LoadOptions(o.replicas, o.storage, o.payloadBytes, integer(name, value), o.durationSeconds, o.warmupSeconds, o.keysPerSession, o.dir, o.out);
                case "duration" -> new LoadOptions(o.replicas, o.storage, o.payloadBytes, o.concurrency, integer(name, value), o.warmupSeconds, o.keysPerSession, o.dir, o.out);
                case "warmup" -> new LoadOptions(o.replicas, o.storage, o.payloadBytes, o.concurrency, o.durationSeconds, integer(name, value), o.keysPerSession, o.dir, o.out);
                case "keys-per-session" -> new LoadOptions(o.replicas, o.storage, o.payloadBytes, o.concurrency, o.durationSeconds, o.warmupSeconds, integer(name, value), o.dir, o.out);
                case "dir" -> new LoadOptions(o.replicas, o.storage, o.payloadBytes, o.concurrency, o.durationSeconds, o.warmupSeconds, o.keysPerSession, Path.of(value), o.out);
                case "out" -> new LoadOptions(o.replicas, o.storage, o.payloadBytes, o.concurrency, o.durationSeconds, o.warmupSeconds, o.keysPerSession, o.dir, Path.of(value));
                default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            };
        }
        return o;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + value + "'");
        }
    }
}
