package io.decree.perf.load;

import io.decree.server.StorageKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link LoadMain} runs. {@code target} is the system under load (decree-tcp: replica processes over TCP +
 * TLS; decree-inproc: replicas in this JVM; ratis; aeron); {@code storage} is Decree's log (file or pmem; the
 * peers always use their own durable log). In {@code closed} mode {@code concurrency} connections each send the
 * next command when the last one is answered; in {@code open} mode commands are due at {@code rate} per second
 * whatever happens, spread over {@code concurrency} connections, and latency counts from when a command was due
 * (coordinated omission corrected). {@code readPercent} of the commands are gets of the connection's own keys.
 *
 * @param keysPerConnection distinct keys each connection cycles through (the final check reads each back)
 * @param channels          decree-tcp: client channels the sessions are spread over (each one I/O thread and one TLS
 *                          connection per replica, shared by its sessions); 0: a channel per session, as before 2026-12-02
 * @param dir               decree-tcp's cluster directory; null: a fresh temporary one, removed afterwards
 * @param out               the JSON result file
 * @param compare           run {@code compareTargets} one after another: the closed-loop {@code sweep}, then the
 *                          open-loop {@code rates} (each at {@code concurrency} connections), and print the table
 * @param asyncClient       closed loop through the target's asynchronous client where it has one (decree-tcp,
 *                          decree-shm, aeron): each connection sends its next command from the completion of the last, on
 *                          the client's I/O thread, instead of a thread per connection blocking on each call (the same
 *                          commands in flight, without two thread wake-ups per command in the load generator)
 * @param sweep             compare: the closed-loop connection counts; a target's saturation is its best point
 * @param rates             compare: the open-loop rates, ops/s or a percentage of the slowest target's saturation
 */
public record LoadOptions(String target, StorageKind storage, int replicas, Mode mode, int concurrency, int rate,
                          int payloadBytes, int readPercent, int durationSeconds, int warmupSeconds, int keysPerConnection,
                          int channels, Path dir, Path out, boolean compare, List<String> compareTargets, boolean asyncClient,
                          List<Integer> sweep, List<SweepPlan.Rate> rates) {

    public enum Mode { CLOSED, OPEN }

    public static final List<String> TARGETS = List.of("decree-tcp", "decree-inproc", "ratis", "aeron", "decree-shm");

    public LoadOptions {
        if (!TARGETS.contains(target)) throw new IllegalArgumentException("--target must be one of " + TARGETS + ", got '" + target + "'");
        for (String t : compareTargets)
            if (!TARGETS.contains(t)) throw new IllegalArgumentException("--targets must name some of " + TARGETS + ", got '" + t + "'");
        if (replicas < 1 || replicas > 9) throw new IllegalArgumentException("--replicas must be 1 to 9, got " + replicas);
        if (payloadBytes < 1) throw new IllegalArgumentException("--payload must be at least 1 byte, got " + payloadBytes);
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        if (rate < 1) throw new IllegalArgumentException("--rate must be at least 1 command per second, got " + rate);
        if (readPercent < 0 || readPercent > 100) throw new IllegalArgumentException("--reads must be a percentage 0 to 100, got " + readPercent);
        if (durationSeconds < 1) throw new IllegalArgumentException("--duration must be at least 1 second, got " + durationSeconds);
        if (warmupSeconds < 0) throw new IllegalArgumentException("--warmup must not be negative, got " + warmupSeconds);
        if (keysPerConnection < 1) throw new IllegalArgumentException("--keys must be at least 1, got " + keysPerConnection);
        if (channels < 0) throw new IllegalArgumentException("--channels must be 0 (one per connection) or more, got " + channels);
        compareTargets = List.copyOf(compareTargets);
        if (sweep.isEmpty()) throw new IllegalArgumentException("--sweep needs at least one connection count");
        sweep = List.copyOf(sweep);
        rates = List.copyOf(rates);
    }

    public static LoadOptions defaults() {
        return new LoadOptions("decree-tcp", StorageKind.FILE, 3, Mode.CLOSED, 16, 1_000, 64, 0, 30, 5, 4, 1, null,
                Path.of("load-result.json"), false, List.of("decree-tcp", "ratis", "aeron"), true,
                SweepPlan.parseSweep(DEFAULT_SWEEP), SweepPlan.parseRates(DEFAULT_RATES));
    }

    static final String DEFAULT_SWEEP = "64,256,1024", DEFAULT_RATES = "50,200,500,80%";

    /** The open-loop rate as ops/s, for a compare point (its {@code concurrency} stays the open loop's). */
    LoadOptions openLoopAt(int opsPerSecond) {
        return with("mode", "open").with("rate", Integer.toString(opsPerSecond));
    }

    public static final String USAGE = """
            usage: decree load [--target=decree-tcp|decree-inproc|ratis|aeron|decree-shm] [--log=file|pmem] [--replicas=3]
                               [--mode=closed|open] [--concurrency=16] [--rate=1000] [--payload=64] [--reads=0]
                               [--duration=30] [--warmup=5] [--keys=4] [--channels=1] [--client=async|blocking]
                               [--dir=DIR] [--out=load-result.json]
                               [--compare [--targets=decree-tcp,ratis,aeron] [--sweep=64,256,1024] [--rates=50,200,500,80%]]
              closed: --concurrency connections, each sends its next command when the last is answered
              open:   commands due at --rate per second over --concurrency connections; latency from when due
              --channels (decree-tcp) TLS client channels the connections' sessions share; 0: one per connection
              --client (closed loop) async: decree-tcp/shm and aeron connections chain each command on the last
                       one's completion (no thread per connection); blocking: a thread per connection (ratis and
                       decree-inproc always)
              --reads percentage of gets (of the connection's own keys); --payload value bytes (64, 1024, ...)
              --log pmem: Decree's emulated NVM log (set PMEM_IS_PMEM_FORCE=1 without real pmem; ./decree does)
              --compare: each of --targets with the same settings. First each target's closed loop at every
                         --sweep connection count (its saturation: the best point), then each target's open loop
                         at every --rates rate over --concurrency connections (a % is of the slowest target's
                         saturation; a target is restarted before a rate if its last rate fell behind or had
                         errors). A row per point as it ends, then the table: saturation ratio Decree/peer and
                         p99 ratio peer/Decree per rate; all results in --out.
                         A peer's failed point is reported (its remaining points skipped) and does not change the
                         exit status; a Decree target's failure or any lost acknowledged write exits 1.
              exit status: 0 passed, 1 a check or a Decree run failed, 2 bad arguments""";

    /** Parses {@code --name=value} or {@code --name value} arguments (and the flag {@code --compare}) over {@link #defaults()}. */
    public static LoadOptions parse(String... args) {
        LoadOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) throw new IllegalArgumentException(USAGE);
            if (arg.equals("--compare")) {
                o = o.with("compare", "true");
                continue;
            }
            if (!arg.startsWith("--")) throw new IllegalArgumentException("expected --name=value, got '" + arg + "'\n" + USAGE);
            int eq = arg.indexOf('=');
            if (eq >= 0) o = o.with(arg.substring(2, eq), arg.substring(eq + 1));
            else if (i + 1 < args.length) o = o.with(arg.substring(2), args[++i]);
            else throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
        }
        return o;
    }

    /** A copy with one option changed, by its command-line name. */
    public LoadOptions with(String name, String value) {
        String t = target; StorageKind s = storage; int r = replicas; Mode m = mode; int c = concurrency; int ra = rate;
        int p = payloadBytes; int rd = readPercent; int d = durationSeconds; int w = warmupSeconds; int k = keysPerConnection; int ch = channels;
        Path di = dir; Path ou = out; boolean cmp = compare; List<String> ts = compareTargets; boolean as = asyncClient;
        List<Integer> sw = sweep; List<SweepPlan.Rate> rs = rates;
        switch (name) {
            case "target" -> t = value;
            case "log", "storage" -> s = switch (value.toLowerCase(Locale.ROOT)) {
                case "file" -> StorageKind.FILE;
                case "pmem" -> StorageKind.PMEM;
                default -> throw new IllegalArgumentException("--log must be file or pmem, got '" + value + "'");
            };
            case "replicas" -> r = integer(name, value);
            case "mode" -> m = switch (value.toLowerCase(Locale.ROOT)) {
                case "closed" -> Mode.CLOSED;
                case "open" -> Mode.OPEN;
                default -> throw new IllegalArgumentException("--mode must be closed or open, got '" + value + "'");
            };
            case "concurrency" -> c = integer(name, value);
            case "rate" -> ra = integer(name, value);
            case "payload" -> p = integer(name, value);
            case "reads" -> rd = integer(name, value);
            case "duration" -> d = integer(name, value);
            case "warmup" -> w = integer(name, value);
            case "keys", "keys-per-session" -> k = integer(name, value);
            case "channels" -> ch = integer(name, value);
            case "dir" -> di = Path.of(value);
            case "out" -> ou = Path.of(value);
            case "compare" -> cmp = Boolean.parseBoolean(value);
            case "targets" -> ts = List.of(value.split(","));
            case "client" -> as = switch (value.toLowerCase(Locale.ROOT)) {
                case "async" -> true;
                case "blocking" -> false;
                default -> throw new IllegalArgumentException("--client must be async or blocking, got '" + value + "'");
            };
            case "sweep" -> sw = SweepPlan.parseSweep(value);
            case "rates" -> rs = SweepPlan.parseRates(value);
            default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
        }
        return new LoadOptions(t, s, r, m, c, ra, p, rd, d, w, k, ch, di, ou, cmp, ts, as, sw, rs);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + value + "'");
        }
    }
}
