package io.decree.engine.protocol;

import io.decree.engine.client.NotLeaderException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A leader carrying out one membership change at a time. Replicas new to the cluster first become
 * observers (they hear heartbeats and commits, and catch up by log or snapshot); only when each is within
 * one window of the leader's first unchosen slot is the change proposed, so a new replica counts in
 * quorums only once it can take part. The change then governs alpha slots after the one it is chosen in
 * ({@link ConfigHistory}). Single-threaded, like the replica it belongs to.
 */
final class MembershipChange {
    private final int id;
    private final ReplicaOptions options;
    private final Environment env;
    private final ConfigHistory configs;
    private final Learner learner;
    private final Proposer proposer;

    /** First unchosen slot each replica last reported (lease grants, catch-up requests): how far behind it is. */
    private final HashMap<Integer, Long> progress = new HashMap<>();
    private Pending pending;

    private static final class Pending {
        final Configuration target;
        final int[] joiners;
        final CompletableFuture<Long> future;
        final long deadline;
        long proposedFrom = -1;

        Pending(Configuration target, int[] joiners, CompletableFuture<Long> future, long deadline) {
            this.target = target;
            this.joiners = joiners;
            this.future = future;
            this.deadline = deadline;
        }
    }

    MembershipChange(int id, ReplicaOptions options, Environment env, ConfigHistory configs, Learner learner, Proposer proposer) {
        this.id = id;
        this.options = options;
        this.env = env;
        this.configs = configs;
        this.learner = learner;
        this.proposer = proposer;
    }

    /** Starts a change to {@code target}: see {@link Replica#reconfigure} for what the future says. */
    CompletableFuture<Long> start(Configuration target) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (target == null) future.completeExceptionally(new IllegalArgumentException("target configuration is null"));
        else if (!proposer.isLeader()) future.completeExceptionally(new NotLeaderException(id, proposer.leaderHint()));
        else if (pending != null) future.completeExceptionally(new IllegalStateException("configuration change to " + pending.target + " is already in progress"));
        else if (target.equals(configs.latest())) future.completeExceptionally(new IllegalArgumentException("configuration is already " + target));
        if (future.isDone()) return future;
        int[] joiners = Arrays.stream(target.members()).filter(r -> !configs.everMember(r)).toArray();
        pending = new Pending(target, joiners, future, env.now() + options.requestTimeout());
        proposer.observers(joiners);
        return future;
    }

    /** {@code replica} reported that every slot below {@code firstUnchosen} is known to it. */
    void progress(int replica, long firstUnchosen) { progress.merge(replica, firstUnchosen, Math::max); }

    /** Proposes the pending change once its new replicas caught up; completes it once chosen. */
    void advance() {
        Pending p = pending;
        if (p == null) return;
        if (p.proposedFrom >= 0) {
            long slot = configs.latestChangeSlot();
            if (slot >= p.proposedFrom && configs.latest().equals(p.target)) finish(slot + configs.alpha(), null);
            else if (!proposer.isLeader()) finish(null, new NotLeaderException(id, proposer.leaderHint()));
            return;
        }
        if (!proposer.isLeader()) {
            finish(null, new NotLeaderException(id, proposer.leaderHint()));
            return;
        }
        long first = learner.firstUnchosen();
        for (int r : p.joiners) if (progress.getOrDefault(r, -1L) < first - options.window()) return;
        if (proposer.proposeControl(Decree.reconfiguration(p.target))) p.proposedFrom = first;
    }

    /** Timers: a change not chosen within the request time-out fails. */
    void onTick(long now) {
        Pending p = pending;
        if (p == null || now < p.deadline) return;
        finish(null, new TimeoutException("replica " + id + ": configuration change to " + p.target + " not chosen within " + options.requestTimeout() + " ms"
                + (p.proposedFrom < 0 ? " (never proposed: added replicas " + Arrays.toString(p.joiners) + " did not catch up)" : "; it may still be chosen")));
    }

    private void finish(Long governsFrom, Throwable failure) {
        Pending p = pending;
        pending = null;
        proposer.observers(new int[0]);
        if (failure == null) p.future.complete(governsFrom);
        else p.future.completeExceptionally(failure);
    }

    boolean inProgress() { return pending != null; }
}
