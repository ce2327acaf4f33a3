package io.decree.spec.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breadth-first model checking of {@link RingFenceSpec} as TLC does it with one worker: states in the order
 * found, invariants checked on every new state in the cfg's order, the shortest counterexample reported.
 * Models are read from the {@code specs-tla/RingFence*.cfg} files (their CONSTANTS and INVARIANTS), so there
 * is no second list of models here.
 */
public final class RingFenceChecker {
    /** The outcome: counts as TLC reports them, and the violated invariant with its trace, or null. */
    public record Result(String model, long distinctStates, int depth, String violated, List<String> trace) {
        public boolean ok() { return violated == null; }
    }

    /** A cfg: its constants and its invariants. */
    public record Cfg(String name, RingFenceSpec.Constants constants, List<String> invariants) { }

    private static final Pattern CONSTANT = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(\\w+)\\s*$");
    private static final Pattern INVARIANTS = Pattern.compile("^\\s*INVARIANTS?\\s+(.*)$");

    public static List<String> names(Path specs) throws IOException {
        try (var files = Files.list(specs)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("RingFence") && f.endsWith(".cfg"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        }
    }

    public static Cfg load(Path specs, String name) throws IOException {
        Map<String, String> c = new HashMap<>();
        List<String> invariants = new ArrayList<>();
        for (String line : Files.readAllLines(specs.resolve(name + ".cfg"))) {
            if (line.startsWith("\\*")) continue;
            Matcher m = CONSTANT.matcher(line);
            if (m.matches()) c.put(m.group(1), m.group(2));
            Matcher inv = INVARIANTS.matcher(line);
            if (inv.matches()) invariants.addAll(List.of(inv.group(1).trim().split("\\s+")));
        }
        for (String key : List.of("Cap", "MaxPos", "MaxEpoch", "PublishEarly", "IgnoreRevoke"))
            if (!c.containsKey(key)) throw new IllegalArgumentException(name + ".cfg: constant " + key + " missing");
        return new Cfg(name, new RingFenceSpec.Constants(Integer.parseInt(c.get("Cap")), Integer.parseInt(c.get("MaxPos")),
                Integer.parseInt(c.get("MaxEpoch")), Boolean.parseBoolean(c.get("PublishEarly").toLowerCase()),
                Boolean.parseBoolean(c.get("IgnoreRevoke").toLowerCase())), List.copyOf(invariants));
    }

    public static Result check(Cfg cfg) {
        RingFenceSpec spec = new RingFenceSpec(cfg.constants());
        Map<RingFenceSpec.State, RingFenceSpec.State> parent = new HashMap<>();
        Map<RingFenceSpec.State, String> via = new HashMap<>();
        Map<RingFenceSpec.State, Integer> level = new HashMap<>();
        ArrayDeque<RingFenceSpec.State> queue = new ArrayDeque<>();
        RingFenceSpec.State init = spec.init();
        parent.put(init, null);
        via.put(init, "Init");
        level.put(init, 1);
        String bad = violated(spec, cfg, init);
        if (bad != null) return new Result(cfg.name(), 1, 1, bad, trace(init, parent, via));
        queue.add(init);
        int depth = 1;
        while (!queue.isEmpty()) {
            RingFenceSpec.State s = queue.poll();
            for (RingFenceSpec.Step step : spec.next(s)) {
                RingFenceSpec.State t = step.state();
                if (parent.containsKey(t)) continue;
                parent.put(t, s);
                via.put(t, step.action());
                int l = level.get(s) + 1;
                level.put(t, l);
                depth = Math.max(depth, l);
                bad = violated(spec, cfg, t);
                if (bad != null) return new Result(cfg.name(), parent.size(), depth, bad, trace(t, parent, via));
                queue.add(t);
            }
        }
        return new Result(cfg.name(), parent.size(), depth, null, List.of());
    }

    private static String violated(RingFenceSpec spec, Cfg cfg, RingFenceSpec.State s) {
        for (String inv : cfg.invariants()) if (!spec.holds(inv, s)) return inv;
        return null;
    }

    private static List<String> trace(RingFenceSpec.State end, Map<RingFenceSpec.State, RingFenceSpec.State> parent,
                                      Map<RingFenceSpec.State, String> via) {
        List<String> steps = new ArrayList<>();
        for (RingFenceSpec.State s = end; s != null; s = parent.get(s)) steps.add(via.get(s));
        Collections.reverse(steps);
        return steps;
    }
}
