package io.decree.perf.load.target;

/**
 * One client connection to a {@link KvTarget}. Calls block until the cluster answered (committed and applied for a
 * put) and fail with an exception when no outcome arrived in time; the command may then still take effect.
 */
public interface KvConnection extends AutoCloseable {
    void put(String key, String value) throws Exception;

    /** The value last put at {@code key}, or null if none. */
    String get(String key) throws Exception;

    @Override void close();
}
