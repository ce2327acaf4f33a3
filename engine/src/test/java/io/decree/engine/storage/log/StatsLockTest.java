package io.decree.engine.storage.log;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reading the counters gives back both locks it takes: another thread can append and sync right after. (On the
 * reading thread a lock kept by mistake would go unseen: both locks are reentrant.)
 */
class StatsLockTest {
    @TempDir Path dir;

    @ParameterizedTest @EnumSource(LogKind.class)
    void anotherThreadSyncsAfterStatsWereRead(LogKind kind) throws Exception {
        try (RecordLog log = kind.open(dir, RecordLogTest.SMALL, RecordVisitor.IGNORE)) {
            log.append(1, RecordLog.NO_KEY, new byte[] {1});
            log.sync();
            assertEquals(1, log.stats().records());
            // A bounded wait on the other thread's completion: it returns as soon as the sync does; a kept lock
            // makes it wait for ever, reported here after 60 s instead of hanging the suite.
            long durableBelow = CompletableFuture.supplyAsync(() -> {
                log.append(1, RecordLog.NO_KEY, new byte[] {2});
                return log.sync();
            }).get(60, TimeUnit.SECONDS);
            assertEquals(2, durableBelow);
            assertEquals(2, log.stats().records());
        }
    }
}
