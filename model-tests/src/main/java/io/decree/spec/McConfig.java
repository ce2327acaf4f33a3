package io.decree.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One TLC model, read from {@code specs-tla/MC<name>.cfg} (and the {@code EXTENDS} line of its .tla), so the
 * mirror checks exactly what TLC checks: the same constants, the same mutant (a definition override
 * {@code Def <- MutDef}), the same INVARIANTS and PROPERTIES. There is no second, hand-kept list of models.
 *
 * <p>A cfg comment {@code \* tier: long} marks a model too large for the default test tier; {@code \* tlc: long}
 * one the mirror checks in the default tier but TLC (much slower per state) only in the long tier;
 * {@code \* tlc: beyond-hour} one TLC does not finish within an hour of CPU (long tier for TLC too; the parity
 * test runs TLC on it under a shorter CPU cap and compares rates, not final counts). Any other {@code \* tlc:}
 * or {@code \* tier:} marker is an error, so a misspelt marker is not silently ignored.
 *
 * @param name       the MC module name (file name without extension)
 * @param module     "MultiPaxos" or "MultiPaxosReconfig": the module the MC module extends
 * @param model      the constants
 * @param mutants    the definitions the cfg overrides, as mirror mutants (empty: the spec as written)
 * @param properties what is checked
 * @param longTier   whether the model is only run with {@code -Dtier=long}
 * @param tlcLongTier whether TLC runs it only with {@code -Dtier=long} (always so when {@code longTier} or {@code tlcBeyondHour})
 * @param tlcBeyondHour whether TLC does not finish it within an hour of CPU ({@code \* tlc: beyond-hour})
 */
public record McConfig(String name, String module, Model model, Set<Mutant> mutants,
                       ModelChecker.Properties properties, boolean longTier, boolean tlcLongTier,
                       boolean tlcBeyondHour) {

    /** TLA+ definition overridden by a mutant cfg -> the mirror's mutant. */
    private static final Map<String, Mutant> OVERRIDES = Map.of(
            "IsQuorum", Mutant.QUORUM_HALF,
            "SafeValue", Mutant.NO_VALUE_ADOPTION,
            "Accepts2a", Mutant.ACCEPT_BELOW_PROMISE,
            "RecoveredPromise", Mutant.FORGET_PROMISE_ON_RESTART,
            "InWindow", Mutant.RECONFIG_WITHOUT_WINDOW);

    private static final Pattern ASSIGN = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern OVERRIDE = Pattern.compile("^\\s*(\\w+)\\s*<-\\s*(\\w+)\\s*$");

    /** The spec the model checker explores (with the cfg's mutant, if any). */
    public MultiPaxosSpec spec() {
        return module.equals("MultiPaxosReconfig") ? new MultiPaxosReconfigSpec(model, mutants) : new MultiPaxosSpec(model, mutants);
    }

    /** The same model with the spec as written (no override). */
    public MultiPaxosSpec correctSpec() {
        return module.equals("MultiPaxosReconfig") ? new MultiPaxosReconfigSpec(model) : new MultiPaxosSpec(model);
    }

    public boolean isMutant() {
        return !mutants.isEmpty();
    }

    /** Model-checks it with the mirror, exploring at most {@code maxStates} distinct states. */
    public ModelChecker.Result check(long maxStates) {
        return ModelChecker.check(name, spec(), properties, maxStates);
    }

    /** specs-tla/, found from the working directory upwards (tests run in a module directory). */
    public static Path specsDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("specs-tla/MultiPaxos.tla"))) {
                return p.resolve("specs-tla");
            }
        }
        throw new IllegalStateException("specs-tla/ not found above " + Path.of("").toAbsolutePath());
    }

    /** The names of every MC*.cfg in {@code dir}, sorted. */
    public static List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("MC") && f.endsWith(".cfg"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static McConfig load(String name) {
        return load(specsDir(), name);
    }

    public static McConfig load(Path dir, String name) {
        try {
            return parse(name, Files.readString(dir.resolve(name + ".tla")), Files.readString(dir.resolve(name + ".cfg")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a cfg in the small subset of TLC's syntax our MC files use; anything else is an error. */
    static McConfig parse(String name, String tla, String cfg) {
        Matcher ext = Pattern.compile("EXTENDS\\s+(\\w+)").matcher(tla);
        if (!ext.find() || !(ext.group(1).equals("MultiPaxos") || ext.group(1).equals("MultiPaxosReconfig"))) {
            throw new IllegalArgumentException(name + ".tla: expected EXTENDS MultiPaxos or MultiPaxosReconfig");
        }
        String module = ext.group(1);
        Map<String, String> constants = new HashMap<>();
        Set<Mutant> mutants = EnumSet.noneOf(Mutant.class);
        List<String> invariants = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        boolean fair = false;
        boolean live = false;
        boolean view = false;
        boolean longTier = false;
        boolean tlcLongTier = false;
        boolean tlcBeyondHour = false;
        String section = "";
        for (String raw : cfg.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("\\*")) {
                // A marker may be followed by a reason: "\* tlc: long (why)".
                String marker = line.replace(" ", "");
                if (marker.startsWith("\\*tier:")) {
                    requireMarker(name, marker, "\\*tier:long");
                    longTier = true;
                } else if (marker.startsWith("\\*tlc:")) {
                    String kind = requireMarker(name, marker, "\\*tlc:long", "\\*tlc:beyond-hour");
                    tlcLongTier |= kind.equals("\\*tlc:long");
                    tlcBeyondHour |= kind.equals("\\*tlc:beyond-hour");
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "CONSTANTS", "CONSTANT" -> section = "CONSTANTS";
                case "INVARIANTS", "INVARIANT" -> { section = "INVARIANTS"; invariants.addAll(List.of(words).subList(1, words.length)); }
                case "PROPERTIES", "PROPERTY" -> { section = "PROPERTIES"; properties.addAll(List.of(words).subList(1, words.length)); }
                case "SPECIFICATION" -> {
                    section = "";
                    fair = words[1].equals("FairSpec");
                    live = words[1].equals("LiveSpec");
                    requireKnown(name, words[1], "Spec", "FairSpec", "LiveSpec");
                }
                case "INIT" -> { section = ""; requireKnown(name, words[1], "Init"); }
                case "NEXT" -> { section = ""; requireKnown(name, words[1], "Next"); }
                case "CHECK_DEADLOCK" -> section = "";
                case "VIEW" -> { section = ""; requireKnown(name, words[1], "View"); view = true; }
                default -> {
                    switch (section) {
                        case "INVARIANTS" -> invariants.addAll(List.of(words));
                        case "PROPERTIES" -> properties.addAll(List.of(words));
                        case "CONSTANTS" -> {
                            Matcher o = OVERRIDE.matcher(line);
                            Matcher a = ASSIGN.matcher(line);
                            if (o.matches()) {
                                Mutant m = OVERRIDES.get(o.group(1));
                                if (m == null || !o.group(2).equals("Mut" + o.group(1))) {
                                    throw new IllegalArgumentException(name + ".cfg: no mirror mutant for " + line);
                                }
                                mutants.add(m);
                            } else if (a.matches()) {
                                constants.put(a.group(1), a.group(2));
                            } else {
                                throw new IllegalArgumentException(name + ".cfg: cannot read constant line " + line);
                            }
                        }
                        default -> throw new IllegalArgumentException(name + ".cfg: cannot read " + line);
                    }
                }
            }
        }
        List<String> stableGoals = new ArrayList<>();
        for (String p : properties) {
            if (ModelChecker.STABLE_GOALS.contains(p)) {
                stableGoals.add(p);
            } else if (!p.equals("Refinement") && !p.equals("EveryoneLearnsEverything")) {
                throw new IllegalArgumentException(name + ".cfg: the mirror has no property " + p);
            }
        }
        if (properties.contains("EveryoneLearnsEverything") != fair) {
            throw new IllegalArgumentException(name + ".cfg: EveryoneLearnsEverything goes with SPECIFICATION FairSpec");
        }
        if (!stableGoals.isEmpty() != live) {
            throw new IllegalArgumentException(name + ".cfg: the StableLeader* properties go with SPECIFICATION LiveSpec");
        }
        if (stableGoals.contains("StableLeaderCompletesReconfig") && !module.equals("MultiPaxosReconfig")) {
            throw new IllegalArgumentException(name + ".cfg: StableLeaderCompletesReconfig is MultiPaxosReconfig's");
        }
        Model model = model(name, module, constants);
        return new McConfig(name, module, model, mutants,
                new ModelChecker.Properties(invariants, properties.contains("Refinement"), fair, stableGoals, view), longTier,
                longTier || tlcLongTier || tlcBeyondHour, tlcBeyondHour);
    }

    /** The known marker {@code marker} (spaces removed) starts with, followed by nothing or a reason in parentheses. */
    private static String requireMarker(String name, String marker, String... known) {
        for (String k : known) {
            if (marker.equals(k) || marker.startsWith(k + "(")) {
                return k;
            }
        }
        throw new IllegalArgumentException(name + ".cfg: unknown marker '" + marker + "' (known: " + String.join(", ", known) + ")");
    }

    private static void requireKnown(String name, String got, String... allowed) {
        if (!List.of(allowed).contains(got)) {
            throw new IllegalArgumentException(name + ".cfg: the mirror knows only " + List.of(allowed) + ", not " + got);
        }
    }

    private static Model model(String name, String module, Map<String, String> c) {
        if (!"NoOp".equals(c.get("NoOp")) || !"None".equals(c.get("None"))) {
            throw new IllegalArgumentException(name + ".cfg: NoOp and None must be model values NoOp and None");
        }
        int n = Integer.parseInt(req(name, c, "N"));
        long maxRound = Long.parseLong(req(name, c, "MaxRound"));
        long maxSlot = Long.parseLong(req(name, c, "MaxSlot"));
        List<String> values = atoms(req(name, c, "Values"));
        Config leaders = config(req(name, c, "Leaders"));
        Config learners = config(req(name, c, "Learners"));
        Config crashable = config(req(name, c, "Crashable"));
        boolean snapshots = Boolean.parseBoolean(req(name, c, "SnapshotTransfer").toLowerCase());
        if (module.equals("MultiPaxosReconfig")) {
            long alpha = Long.parseLong(req(name, c, "Alpha"));
            List<Config> configs = new ArrayList<>();
            for (String inner : sets(req(name, c, "Configs"))) {
                configs.add(config(inner));
            }
            return Model.reconfig(n, maxRound, maxSlot, values, alpha, leaders, learners, crashable,
                    config(req(name, c, "InitConfig")), configs, snapshots);
        }
        return Model.of(n, maxRound, maxSlot, values, Long.parseLong(req(name, c, "Window")), leaders, learners,
                crashable, snapshots);
    }

    private static String req(String name, Map<String, String> c, String key) {
        String v = c.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + ".cfg: constant " + key + " missing");
        }
        return v;
    }

    /** "{a, b}" -> [a, b]; "{}" -> []. */
    private static List<String> atoms(String set) {
        String s = set.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new IllegalArgumentException("not a set: " + set);
        }
        String body = s.substring(1, s.length() - 1).strip();
        return body.isEmpty() ? List.of() : List.of(body.split("\\s*,\\s*"));
    }

    /** A set of replicas, or null for {} (e.g. no crashable replica). */
    private static Config config(String set) {
        List<String> ids = atoms(set);
        return ids.isEmpty() ? null : Config.of(ids.stream().mapToInt(Integer::parseInt).toArray());
    }

    /** "{{3}, {1, 2}}" -> ["{3}", "{1, 2}"]. */
    private static List<String> sets(String setOfSets) {
        List<String> out = new ArrayList<>();
        String s = setOfSets.strip();
        Matcher m = Pattern.compile("\\{[^{}]*}").matcher(s.substring(1, s.length() - 1));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
