package io.decree.engine.storage.crash;

import io.decree.engine.storage.AcceptorStorage;
import io.decree.engine.storage.FileAcceptorStorage;
import io.decree.engine.storage.PmemAcceptorStorage;
import io.decree.engine.storage.RecoveredState;
import io.decree.engine.storage.log.FileRecordLog;
import io.decree.engine.storage.log.LogKind;
import io.decree.engine.storage.log.PmemRecordLog;
import io.decree.engine.storage.log.RecordLog;
import io.decree.engine.storage.log.RecordVisitor;
import io.decree.engine.storage.log.TestRecords;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process a crash test kills: it writes under load and prints a line for everything it has been told
 * is durable, only after sync returned. The parent kills it with SIGKILL at a random moment and checks
 * that every printed line is still true after recovery.
 *
 * <p>Usage: {@code CrashChild log <FILE|PMEM> <dir> <seed>} or {@code CrashChild acceptor <FILE|PMEM> <dir> <seed>}.
 * Lines: {@code READY}, then {@code A <id>} (record acknowledged), {@code t <key>} (about to truncate below key: from then on records below it may be gone),
 * {@code T <key>} (truncated),
 * {@code P <ballot>}, {@code V <slot> <ballot>}, {@code C <slot> <ballot>} (acceptor acknowledgements),
 * {@code s <slot>} (about to save a snapshot for the slots below it), {@code S <slot>} (saved: durable).
 */
public final class CrashChild {
    static final int LOG_THREADS = 3;
    static final int MAX_EXTRA = 1500;

    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    static synchronized void say(String line) {
        try {
            OUT.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        LogKind kind = LogKind.valueOf(args[1]);
        Path dir = Path.of(args[2]);
        long seed = Long.parseLong(args[3]);
        switch (args[0]) {
            case "log" -> runLog(kind, dir, seed);
            case "acceptor" -> runAcceptor(kind, dir, seed);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static RecordLog openLog(LogKind kind, Path dir, RecordVisitor visitor) {
        return kind.open(dir, CrashTest.LOG_OPTIONS, visitor);
    }

    private static void runLog(LogKind kind, Path dir, long seed) throws InterruptedException {
        RecordLog log = openLog(kind, dir, RecordVisitor.IGNORE);
        if (log instanceof PmemRecordLog pmem) say("MODE pmem=" + pmem.isPmem());
        if (log instanceof FileRecordLog) say("MODE file");
        Object idLock = new Object();
        long[] nextId = {log.nextSequence()};
        say("READY");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < LOG_THREADS; t++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + t);
            boolean truncator = t == 0;
            threads.add(Thread.ofPlatform().start(() -> {
                long[] batch = new long[16];
                for (long round = 0; ; round++) {
                    int size = 1 + random.nextInt(batch.length);
                    for (int i = 0; i < size; i++) {
                        synchronized (idLock) {   // ids follow log order, so the log must hold a prefix of them
                            long id = nextId[0]++;
                            TestRecords.append(log, id, MAX_EXTRA);
                            batch[i] = id;
                        }
                    }
                    log.sync();
                    for (int i = 0; i < size; i++) say("A " + batch[i]);
                    if (truncator && round % 40 == 39) {
                        long floor = batch[0] - 500;
                        say("t " + floor);   // intent first: a kill during truncation may already have dropped segments
                        log.truncateBelow(floor);
                        say("T " + floor);
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
    }

    private static void runAcceptor(LogKind kind, Path dir, long seed) {
        AcceptorStorage storage = kind == LogKind.FILE
                ? FileAcceptorStorage.open(dir, CrashTest.LOG_OPTIONS)
                : PmemAcceptorStorage.open(dir, CrashTest.LOG_OPTIONS);
        RecoveredState state = storage.recover();
        SplittableRandom random = new SplittableRandom(seed);
        long ballot = state.promised() + 1;
        long slot = Math.max(state.votes().isEmpty() ? 0 : state.votes().lastKey() + 1,
                state.chosen().isEmpty() ? 0 : state.chosen().lastKey() + 1);
        long lastChosen = state.chosen().isEmpty() ? -1 : state.chosen().lastKey();
        long snapshotSlot = state.snapshotSlot();
        say("READY");
        List<String> pending = new ArrayList<>();
        for (long round = 0; ; round++) {
            if (random.nextInt(4) == 0) {
                ballot += 1 + random.nextInt(3);
                storage.recordPromise(ballot);
                pending.add("P " + ballot);
            }
            int votes = 1 + random.nextInt(6);
            for (int i = 0; i < votes; i++) {
                long s = slot + i;
                storage.recordVote(s, ballot, CrashTest.decree(s, ballot));
                pending.add("V " + s + " " + ballot);
            }
            if (random.nextBoolean() && slot > lastChosen) {   // a slot is chosen once
                lastChosen = slot;
                storage.recordChosen(slot, CrashTest.decree(slot, ballot));
                pending.add("C " + slot + " " + ballot);
            }
            slot += votes - random.nextInt(2);   // sometimes vote again in a slot, at the newer ballot
            storage.sync();
            for (String line : pending) say(line);
            pending.clear();
            if (round % 25 == 24 && slot - 40 > snapshotSlot) {
                // As the engine does: a durable snapshot first, then truncation below it. Snapshots are
                // large enough (up to 256 KiB) that some kills land in the middle of writing one.
                long floor = slot - 40;
                say("s " + floor);   // intent: from here on the snapshot for floor may be the one recovered
                storage.saveSnapshot(floor, CrashTest.snapshot(floor));
                snapshotSlot = floor;
                say("S " + floor);
                say("t " + floor);
                storage.truncateBelow(floor);
                say("T " + floor);
            }
        }
    }
}
