package io.decree.perf.load.target;

/**
 * A replicated key-value store the load harness drives: Decree (in process or as processes over TCP) or a peer
 * (Apache Ratis, Aeron Cluster), each with the same trivial state machine (a map from key to value; a put
 * returns nothing, a get the value or nothing). {@link #start} brings the cluster up and returns once it can
 * serve; {@link #connect} opens one client connection, used by one harness thread at a time.
 */
public interface KvTarget extends AutoCloseable {
    /** Short name for tables and JSON: decree-tcp, decree-inproc, ratis, aeron. */
    String name();

    /** One line on how it is set up (replicas, log, transport, what was tuned). */
    String describe();

    void start() throws Exception;

    KvConnection connect() throws Exception;

    /** Leaderships won so far over all nodes (a rise is a leader change), or -1 if the target does not tell. */
    default long leaderChanges() { return -1; }

    /** The measured interval starts now (after the warm-up): targets that report their own metrics take a first reading. */
    default void measuredIntervalStarts() { }

    /** The target's own account of the measured interval (per-phase latencies, syncs), one line each; none by default. */
    default java.util.List<String> measuredIntervalReport() { return java.util.List.of(); }

    /** Stops every node and removes what it wrote under a temporary directory. */
    @Override void close() throws Exception;
}
