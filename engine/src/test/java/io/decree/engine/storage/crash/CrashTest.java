package io.decree.engine.storage.crash;

import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.LogAcceptorStorage;
import io.decree.engine.storage.PmemAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import io.decree.engine.storage.StorageCorruptionException;
import io.decree.engine.storage.log.LogKind;
import io.decree.engine.storage.log.LogOptions;
import io.decree.engine.storage.log.RecordFrame;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import io.decree.engine.storage.log.TestRecords;
import io.decree.engine.storage.pmem.LibPmem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash tests with real processes: a child JVM ({@link CrashChild}) writes under load and prints what it
 * was told is durable; this test kills it with SIGKILL at seeded random moments, recovers the directory
 * and checks that everything acknowledged is there, in order, intact. Each kill's seed is printed, and a
 * failing run names the seed and kill so it can be replayed with -Dseeds=&lt;seed&gt;.
 *
 * <p>Default tier: 20 kills per log and 8 per acceptor storage; -Dtier=long: 200 and 50.
 */
class CrashTest {
    static final LogOptions LOG_OPTIONS = new LogOptions(256 << 10, 16 << 10);
    static final boolean LONG = "long".equals(System.getProperty("tier"));

    @TempDir Path dir;

    static long baseSeed() {
        String seeds = System.getProperty("seeds", "");
        return seeds.isBlank() ? 20_250_401L : Long.parseLong(seeds.split(",")[0].trim());
    }

    /** The decree the acceptor child votes for in {@code slot} at {@code ballot}: checkable without a copy. */
    static byte[] decree(long slot, long ballot) {
        SplittableRandom random = new SplittableRandom(slot * 1_000_003L + ballot);
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The snapshot the acceptor child saves for the slots below {@code nextSlot} (up to 256 KiB). */
    static byte[] snapshot(long nextSlot) {
        SplittableRandom random = new SplittableRandom(nextSlot * 7_919L);
        byte[] bytes = new byte[random.nextInt(256 << 10)];
        random.nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void acknowledgedRecordsSurviveSigkill(LogKind kind) throws Exception {
        int kills = LONG ? 200 : 20;
        SplittableRandom random = new SplittableRandom(baseSeed() ^ kind.ordinal());
        long floor = Long.MIN_VALUE;
        long acknowledgedTotal = 0;
        long recoveredLast = -1;
        int flipsRefused = 0;
        for (int kill = 0; kill < kills; kill++) {
            long seed = random.nextLong();
            int acks = random.nextInt(1, 60);
            Run run = runAndKill(kind, "log", seed, out -> count(out, "\nA ") >= acks, "" + acks + " acknowledged records", random.nextInt(0, 150));
            if (kind == LogKind.PMEM) assertTrue(run.lines.contains("MODE pmem=true"), "emulated pmem in the child: " + run.lines.getFirst());
            long maxAcked = -1;
            List<Long> acked = new ArrayList<>();
            for (String line : run.lines) {
                if (line.startsWith("A ")) acked.add(Long.parseLong(line.substring(2)));
                if (line.startsWith("t ")) floor = Math.max(floor, Long.parseLong(line.substring(2)));
            }
            for (long id : acked) maxAcked = Math.max(maxAcked, id);
            acknowledgedTotal += acked.size();

            // The files exactly as the kill left them, for the flip below (recovery changes the original).
            Path asKilled = copyOf(dir, "as-killed-" + kind + "-" + kill);
            TestRecords.Collector seen = new TestRecords.Collector(CrashChild.MAX_EXTRA);   // verifies every record's content
            Map<Long, long[]> frames = new HashMap<>();   // id -> {offset, frame length}
            Map<Long, Path> files = new HashMap<>();
            RecordVisitor locate = (sequence, type, key, payload, file, offset) -> {
                seen.onRecord(sequence, type, key, payload, file, offset);
                frames.put(seen.ids.getLast(), new long[] {offset, RecordFrame.frameLength(payload.byteSize())});
                files.put(seen.ids.getLast(), file.getFileName());
            };
            String where = kind + " kill " + kill + " (seed " + seed + ")";
            try (RecordLog log = CrashChild.openLog(kind, dir, locate)) {
                List<Long> ids = seen.ids;
                assertEquals(ids.size(), log.recovery().records(), where + ": recovery report disagrees with the records handed out");
                assertTrue(!ids.isEmpty() || acked.isEmpty(), where + ": nothing recovered");
                for (int i = 1; i < ids.size(); i++) {
                    assertEquals(ids.get(i - 1) + 1, ids.get(i), where + ": recovered records out of order or with a gap");
                }
                assertEquals(seen.sequences, ids, where + ": record numbers and ids disagree");
                long first = ids.isEmpty() ? 0 : ids.getFirst();
                long last = ids.isEmpty() ? -1 : ids.getLast();
                assertTrue(last >= maxAcked, where + ": acknowledged record " + maxAcked + " lost (recovered up to " + last + ")");
                assertTrue(first <= Math.max(0, floor), where + ": records from " + first + " on only, but truncation allowed dropping below "
                        + floor + "; files " + listing() + "; child said " + run.lines.stream().filter(l -> !l.startsWith("A ")).toList());
                assertTrue(last >= recoveredLast, where + ": the log shrank from " + recoveredLast + " to " + last);
                recoveredLast = last;
            }
            if (maxAcked >= 0) {
                // A bit flipped in the last acknowledged record must be refused as damage at that record,
                // never cut off as a torn tail (which would lose it).
                long[] frame = frames.get(maxAcked);
                Path file = asKilled.resolve(files.get(maxAcked));
                SplittableRandom flip = new SplittableRandom(seed);
                flipBit(file, frame[0] + flip.nextLong(frame[1]), flip.nextInt(8));
                try (RecordLog log = CrashChild.openLog(kind, asKilled, RecordVisitor.IGNORE)) {
                    fail(where + ": a flip in the last acknowledged record " + maxAcked + " went unnoticed: " + log.recovery());
                } catch (StorageCorruptionException e) {
                    assertEquals(file, e.file(), where + ": " + e.getMessage());
                    assertEquals(frame[0], e.offset(), where + ": " + e.getMessage());
                }
                flipsRefused++;
            }
            deleteTree(asKilled);
        }
        assertEquals(kills, flipsRefused, "every kill comes after an acknowledgement, so every kill tests the flip");
        assertTrue(acknowledgedTotal > kills * 10L, "the children acknowledged too little to test anything: " + acknowledgedTotal);
        System.out.printf("crash test %s: %d kills, %d acknowledged records, 0 lost, %d in the log at the end; "
                        + "%d flips in the last acknowledged record, all refused at its offset%n",
                kind, kills, acknowledgedTotal, recoveredLast + 1, flipsRefused);
    }

    @ParameterizedTest @EnumSource(LogKind.class)
    void aReplyAfterSyncIsNeverContradictedByACrash(LogKind kind) throws Exception {
        int kills = LONG ? 50 : 8;
        SplittableRandom random = new SplittableRandom(baseSeed() * 7 + kind.ordinal());
        long floor = Long.MIN_VALUE;
        long savedSnapshot = 0;       // highest snapshot acknowledged (S)
        long attemptedSnapshot = 0;   // highest snapshot begun (s): recovery may return it or the acknowledged one
        long snapshotsRecovered = 0;
        long killedMidSnapshot = 0;   // kills between "s" and "S": inside saveSnapshot
        long maxBallot = 0;
        Map<Long, Long> votes = new HashMap<>();     // slot -> highest acknowledged ballot
        Map<Long, Long> chosen = new HashMap<>();    // slot -> ballot of the acknowledged chosen decree
        long acknowledgements = 0;
        for (int kill = 0; kill < kills; kill++) {
            long seed = random.nextLong();
            // The first kill waits for a saved snapshot, so that the snapshot path is always exercised; the
            // others for a seeded number of acknowledged votes.
            int acks = random.nextInt(1, 60);
            Run run = kill == 0
                    ? runAndKill(kind, "acceptor", seed, out -> out.contains("\nS "), "a saved snapshot", random.nextInt(0, 150))
                    : runAndKill(kind, "acceptor", seed, out -> count(out, "\nV ") >= acks, acks + " acknowledged votes", random.nextInt(0, 150));
            for (String line : run.lines) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "P" -> maxBallot = Math.max(maxBallot, Long.parseLong(f[1]));
                    case "V" -> {
                        long ballot = Long.parseLong(f[2]);
                        votes.merge(Long.parseLong(f[1]), ballot, Math::max);
                        maxBallot = Math.max(maxBallot, ballot);
                    }
                    case "C" -> chosen.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                    case "t" -> floor = Math.max(floor, Long.parseLong(f[1]));
                    case "s" -> attemptedSnapshot = Math.max(attemptedSnapshot, Long.parseLong(f[1]));
                    case "S" -> savedSnapshot = Math.max(savedSnapshot, Long.parseLong(f[1]));
                    default -> { continue; }
                }
                acknowledgements++;
            }
            String where = kind + " kill " + kill + " (seed " + seed + ")";
            try (LogAcceptorStorage storage = kind == LogKind.FILE
                    ? FileAcceptorStorage.open(dir, LOG_OPTIONS) : PmemAcceptorStorage.open(dir, LOG_OPTIONS)) {
                RecoveredState state = storage.recover();
                long recoveredSnapshot = state.snapshotSlot();
                if (attemptedSnapshot != savedSnapshot) killedMidSnapshot++;
                assertTrue(recoveredSnapshot == savedSnapshot || recoveredSnapshot == attemptedSnapshot, where + ": recovered the snapshot for slots below "
                        + recoveredSnapshot + ", but the last one saved was " + savedSnapshot + " and the last one begun " + attemptedSnapshot);
                if (state.hasSnapshot()) {
                    assertArrayEquals(snapshot(recoveredSnapshot), state.snapshot(), where + ": snapshot content for slots below " + recoveredSnapshot);
                    snapshotsRecovered++;
                }
                savedSnapshot = attemptedSnapshot = recoveredSnapshot;   // what the next child starts from
                try (var names = Files.list(dir)) {
                    assertTrue(names.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), where + ": leftover temporary files " + listing());
                }
                assertTrue(state.promised() >= maxBallot, where + ": promised " + state.promised() + " after acknowledging ballot " + maxBallot);
                for (Map.Entry<Long, RecoveredState.Vote> v : state.votes().entrySet()) {
                    assertArrayEquals(decree(v.getKey(), v.getValue().ballot()), v.getValue().decree(), where + ": vote content in slot " + v.getKey());
                }
                for (Map.Entry<Long, Long> v : votes.entrySet()) {
                    if (v.getKey() < floor) continue;
                    RecoveredState.Vote vote = state.votes().get(v.getKey());
                    assertNotNull(vote, where + ": acknowledged vote in slot " + v.getKey() + " lost");
                    assertTrue(vote.ballot() >= v.getValue(), where + ": vote in slot " + v.getKey() + " went back to ballot " + vote.ballot());
                }
                for (Map.Entry<Long, Long> c : chosen.entrySet()) {
                    if (c.getKey() < floor) continue;
                    byte[] decree = state.chosen().get(c.getKey());
                    assertNotNull(decree, where + ": acknowledged chosen decree in slot " + c.getKey() + " lost");
                    assertTrue(Arrays.equals(decree(c.getKey(), c.getValue()), decree), where + ": chosen decree changed in slot " + c.getKey());
                }
            }
        }
        assertTrue(acknowledgements > kills * 10L, "the children acknowledged too little: " + acknowledgements);
        assertTrue(snapshotsRecovered > 0, "no kill came after a snapshot: the snapshot path went untested");
        System.out.printf("acceptor crash test %s: %d kills, %d acknowledgements, promised ballot %d, %d recoveries with a snapshot (last for slots below %d), %d kills inside saveSnapshot%n",
                kind, kills, acknowledgements, maxBallot, snapshotsRecovered, savedSnapshot, killedMidSnapshot);
    }

    /** A copy of the log directory {@code from} beside it (the lock file left out). */
    private static Path copyOf(Path from, String name) throws IOException {
        Path to = from.resolveSibling(name);
        Files.createDirectories(to);
        try (var names = Files.list(from)) {
            for (Path f : (Iterable<Path>) names::iterator) {
                if (!f.getFileName().toString().equals(".lock")) Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void flipBit(Path file, long position, int bit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= (byte) (1 << bit);
        Files.write(file, bytes);
    }

    private String listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().toString();
        }
    }

    private static String snapshot;

    /**
     * The test classpath, with its directories copied once: the child runs the classes as they were when
     * the test started, even if a build rewrites target/classes meanwhile (the work tree may be shared).
     */
    private static synchronized String childClasspath() throws IOException {
        if (snapshot != null) return snapshot;
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path copies = Files.createTempDirectory("crash-classpath");
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path copy = copies.resolve(Integer.toString(n++));
            try (var tree = Files.walk(path)) {
                for (Path source : (Iterable<Path>) tree::iterator) {
                    Path target = copy.resolve(path.relativize(source).toString());
                    if (Files.isDirectory(source)) Files.createDirectories(target);
                    else Files.copy(source, target);
                }
            }
            entries.add(copy.toString());
        }
        snapshot = String.join(java.io.File.pathSeparator, entries);
        return snapshot;
    }

    /** What a killed child printed: complete lines only (a line cut by the kill is not an acknowledgement). */
    record Run(List<String> lines) {}

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }

    /**
     * Runs a child and SIGKILLs it {@code millisAfter} ms after its output first satisfies {@code progressed}
     * (described by {@code what}). Waiting for progress rather than for a fixed time after READY keeps
     * every kill meaningful on a loaded machine, where a child may acknowledge nothing for a long while;
     * the seeded delay after it keeps the kill landing at varied moments (mid-write, mid-sync, mid-snapshot).
     */
    private Run runAndKill(LogKind kind, String mode, long seed, java.util.function.Predicate<String> progressed, String what,
                           int millisAfter) throws Exception {
        if (kind == LogKind.PMEM) LibPmem.get();   // without libpmem, skipped here (SkipWithoutLibPmem), not failed in the child
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = childClasspath();
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx192m", "-ea", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                CrashChild.class.getName(), mode, kind.name(), dir.toString(), Long.toString(seed));
        builder.environment().put("PMEM_IS_PMEM_FORCE", "1");
        // Output goes to files, read after the child is dead: a pipe read concurrently with the child's
        // exit can lose the last lines, and those are exactly the ones a crash test cares about.
        Path stdout = Files.createTempFile(dir.getParent(), "crash-child", ".out");
        Path stderr = Files.createTempFile(dir.getParent(), "crash-child", ".err");
        builder.redirectOutput(stdout.toFile());
        builder.redirectError(stderr.toFile());
        Process child = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(stdout, StandardCharsets.US_ASCII).contains("READY\n")) {
            if (!child.isAlive()) fail("child exited with " + child.exitValue() + " before READY: " + Files.readString(stderr));
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child not ready after 30 s: " + Files.readString(stderr));
            }
            Thread.sleep(5);
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!progressed.test(Files.readString(stdout, StandardCharsets.US_ASCII))) {
            if (!child.isAlive()) fail("child exited with " + child.exitValue() + " before " + what + ": " + Files.readString(stderr));
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child made no progress to " + what + " within 60 s: " + Files.readString(stderr));
            }
            Thread.sleep(2);
        }
        Thread.sleep(millisAfter);   // the seeded moment of the kill, not a wait for anything
        if (!child.isAlive()) fail("child died by itself with " + child.exitValue() + ": " + Files.readString(stderr));
        child.destroyForcibly();   // SIGKILL
        child.waitFor();
        String text = Files.readString(stdout, StandardCharsets.US_ASCII);
        Files.delete(stdout);
        Files.delete(stderr);
        int end = text.lastIndexOf('\n');
        List<String> lines = end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        return new Run(lines);
    }
}
