package io.decree.perf.load;

import java.util.List;

/** Made-up {@link LoadResult}s for the table and plan tests: only the fields they read mean anything. */
final class Results {
    private Results() {}

    static LoadResult closed(String target, int connections, double opsPerSecond) {
        LoadOptions o = LoadOptions.defaults().with("mode", "closed").with("concurrency", Integer.toString(connections));
        return of(target, o, opsPerSecond, 0, 1_000, 5_000, List.of(), List.of(), 0);
    }

    static LoadResult open(String target, int rate, double opsPerSecond, long errors) {
        return open(target, rate, opsPerSecond, errors, 5_000);
    }

    static LoadResult open(String target, int rate, double opsPerSecond, long errors, double p99Micros) {
        return of(target, LoadOptions.defaults().openLoopAt(rate), opsPerSecond, errors, p99Micros / 4, p99Micros, List.of(), List.of(), 0);
    }

    static LoadResult failedCheck(String target, List<String> lost, List<String> unreadable, long stale) {
        return of(target, LoadOptions.defaults().with("mode", "closed").with("concurrency", "64"), 100, 0, 1_000, 5_000, lost, unreadable, stale);
    }

    private static LoadResult of(String target, LoadOptions o, double opsPerSecond, long errors, double p50Micros, double p99Micros,
                                 List<String> lost, List<String> unreadable, long stale) {
        long ops = Math.round(opsPerSecond * 10);
        return new LoadResult(target, target + " (made up)", o, 10, ops, errors, stale, opsPerSecond, p50Micros, p99Micros,
                p99Micros * 2, p99Micros * 3, p50Micros, 0, 4, lost, unreadable, "1.00 1.00 1.00", "1.00 1.00 1.00", 100);
    }
}
