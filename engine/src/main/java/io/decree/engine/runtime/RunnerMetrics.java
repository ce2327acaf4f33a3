package io.decree.engine.runtime;

import io.decree.engine.metrics.MetricsRegistry;

/**
 * Registers everything one {@link ReplicaRunner} measures, labelled {@code replica="<id>"}: the replica's own
 * metrics (see {@link io.decree.engine.metrics.ReplicaMetrics}), its protocol loop's queue and turn figures,
 * and its status as gauges. For the server's Prometheus endpoint and for in-process clusters.
 */
public final class RunnerMetrics {
    private RunnerMetrics() {}

    public static void register(MetricsRegistry registry, ReplicaRunner runner) {
        String labels = "replica=\"" + runner.id() + "\"";
        runner.metrics().register(registry, labels);
        LoopStats stats = runner.stats();
        registry.histogram("decree_queue_depth", "Events queued at the start of a protocol-loop turn that found any", labels, stats.queueDepth, 1)
                .histogram("decree_turn_events", "Events handled per busy protocol-loop turn (one flush each)", labels, stats.turnEvents, 1)
                .histogram("decree_turn_seconds", "Duration of a busy protocol-loop turn", labels, stats.turnNanos, 1e-9)
                .gauge("decree_queue_depth_max", "Deepest protocol-loop queue seen at the start of a turn", labels, stats::maxQueueDepth)
                .gauge("decree_applied_slots", "Slots applied to the state machine", labels, runner::applied)
                .gauge("decree_is_leader", "1 while this replica leads", labels, () -> runner.isLeader() ? 1 : 0)
                .gauge("decree_leader_hint", "The replica this one believes leads (0: unknown)", labels, runner::leaderHint)
                .gauge("decree_stalls_max_tick_gap_ms", "Longest gap between two ticks of the replica (protocol thread absent)", labels, stats::maxTickGapMillis);
    }
}
