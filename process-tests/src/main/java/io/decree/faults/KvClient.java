package io.decree.faults;

/**
 * The key-value operations the workload issues, one client session per implementation instance, one call at a
 * time. An exception means the outcome is not known unless {@link OutcomeClassifier} says it is a definite
 * failure. Adapters: DecreeClient against replica processes, ClusterClient against an in-process cluster.
 */
public interface KvClient extends AutoCloseable {
    /** Sets {@code key}; returns the previous value (null: absent). */
    String put(String key, String value) throws Exception;

    /** A linearizable read; null: absent. */
    String get(String key) throws Exception;

    /** Sets {@code key} to {@code update} if it holds {@code expected}; returns whether it did. */
    boolean cas(String key, String expected, String update) throws Exception;

    /** Ends the session (closes its connections); never throws. */
    @Override default void close() {}
}
