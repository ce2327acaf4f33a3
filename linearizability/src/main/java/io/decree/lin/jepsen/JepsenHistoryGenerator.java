package io.decree.lin.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes Jepsen-style histories of independent cas-registers (the {@code kv} model: values {@code [key v]}) from a
 * real atomic execution, for comparing checkers: {@code clients} sequential processes issue reads, writes and cas;
 * each takes effect at a random instant inside its interval; a cas that does not match fails ({@code :fail}); with
 * probability {@code info} an operation's outcome is lost ({@code :info}: it took effect with probability 1/2) and
 * its process is retired (Jepsen's new process number: old + clients). With {@code --violate}, one late read is
 * changed to a value nobody wrote, which no checker may accept.
 *
 * <pre>java ... io.decree.lin.jepsen.JepsenHistoryGenerator OUT.(edn|json) SEED CLIENTS KEYS OPS INFO [--violate]</pre>
 */
public final class JepsenHistoryGenerator {

    private record Event(long time, int order, String type, long process, String f, String key, Object value) {
    }

    private JepsenHistoryGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 6) {
            System.err.println("usage: JepsenHistoryGenerator OUT.(edn|json) SEED CLIENTS KEYS OPS INFO [--violate]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Event> events = generate(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Double.parseDouble(args[5]), args.length > 6 && args[6].equals("--violate"));
        Files.writeString(out, text(events, HistoryImport.Format.of(out) == HistoryImport.Format.JSON));
    }

    /** The history as JSON (an array of events), as {@code main} writes it, for tests. */
    static String json(long seed, int clients, int keys, int ops, double info, boolean violate) {
        return text(generate(seed, clients, keys, ops, info, violate), true);
    }

    private static String text(List<Event> events, boolean json) {
        StringBuilder text = new StringBuilder(json ? "[\n" : "");
        for (int i = 0; i < events.size(); i++) {
            text.append(json ? toJson(events.get(i)) + (i + 1 < events.size() ? "," : "") : toEdn(events.get(i)))
                    .append('\n');
        }
        return text.append(json ? "]\n" : "").toString();
    }

    static List<Event> generate(long seed, int clients, int keys, int ops, double info, boolean violate) {
        Random random = new Random(seed);
        record Planned(long process, String f, String key, long arg, long expected, long invoke, long ret,
                double effect, boolean lost, boolean happens) {
        }
        List<Planned> plan = new ArrayList<>();
        long[] clock = new long[clients];
        long[] process = new long[clients];
        for (int c = 0; c < clients; c++) {
            process[c] = c;
        }
        for (int i = 0; i < ops; i++) {
            int c = random.nextInt(clients);
            long invoke = clock[c] + random.nextInt(5);
            long ret = invoke + 1 + random.nextInt(20);
            int dice = random.nextInt(10);
            String f = dice < 5 ? "read" : dice < 8 ? "write" : "cas";
            boolean lost = random.nextDouble() < info;
            plan.add(new Planned(process[c], f, "k" + random.nextInt(keys), random.nextInt(5), random.nextInt(5),
                    invoke, ret, invoke + random.nextDouble() * (ret - invoke), lost, !lost || random.nextBoolean()));
            clock[c] = ret + 1;
            if (lost) {
                process[c] += clients; // Jepsen retires a process whose operation's outcome is unknown
            }
        }
        // Apply in order of the instants the operations took effect.
        List<Planned> byEffect = new ArrayList<>(plan);
        byEffect.sort(Comparator.comparingDouble(Planned::effect));
        Map<String, Long> store = new HashMap<>();
        Map<Planned, Object> result = new HashMap<>(); // read: value; cas: Boolean swapped
        for (Planned p : byEffect) {
            if (!p.happens()) {
                continue;
            }
            Long current = store.get(p.key());
            switch (p.f()) {
                case "read" -> result.put(p, current);
                case "write" -> store.put(p.key(), p.arg());
                default -> {
                    boolean swapped = current != null && current == p.expected();
                    if (swapped) {
                        store.put(p.key(), p.arg());
                    }
                    result.put(p, swapped);
                }
            }
        }
        Set<Planned> corrupted = new HashSet<>();
        if (violate) { // the last completed read: a value no one ever wrote
            for (int i = plan.size() - 1; i >= 0; i--) {
                if (plan.get(i).f().equals("read") && !plan.get(i).lost()) {
                    corrupted.add(plan.get(i));
                    break;
                }
            }
        }
        List<Event> events = new ArrayList<>();
        int order = 0;
        for (Planned p : plan) {
            Object invokeValue = switch (p.f()) {
                case "read" -> null;
                case "write" -> p.arg();
                default -> List.of(p.expected(), p.arg());
            };
            events.add(new Event(p.invoke(), order++, "invoke", p.process(), p.f(), p.key(), invokeValue));
            String type;
            Object value = invokeValue;
            if (p.lost()) {
                type = "info";
            } else if (p.f().equals("cas")) {
                type = Boolean.TRUE.equals(result.get(p)) ? "ok" : "fail";
            } else {
                type = "ok";
                if (p.f().equals("read")) {
                    value = corrupted.contains(p) ? (Object) 1_000_000L : result.get(p);
                }
            }
            events.add(new Event(p.ret(), order++, type, p.process(), p.f(), p.key(), value));
        }
        // By time; at equal times returns first (the invocation that follows saw the return), then as planned.
        events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> e.type().equals("invoke"))
                .thenComparingInt(Event::order));
        return events;
    }

    private static String toEdn(Event e) {
        return "{:type :" + e.type() + ", :f :" + e.f() + ", :value [:" + e.key() + " " + Values.show(e.value())
                + "], :process " + e.process() + ", :time " + e.time() + "}";
    }

    private static String toJson(Event e) {
        String value = switch (e.value()) {
            case null -> "null";
            case List<?> l -> "[" + l.get(0) + ", " + l.get(1) + "]";
            default -> String.valueOf(e.value());
        };
        return "{\"type\": \"" + e.type() + "\", \"f\": \"" + e.f() + "\", \"value\": [\"" + e.key() + "\", " + value
                + "], \"process\": " + e.process() + ", \"time\": " + e.time() + "}";
    }
}
