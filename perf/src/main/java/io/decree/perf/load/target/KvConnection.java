package io.decree.perf.load.target;

/**
 * One client connection to a {@link KvTarget}. Calls block until the cluster answered (committed and applied for a
 * put) and fail with an exception when no outcome arrived in time; the command may then still take effect. A
 * connection whose client is asynchronous also offers the same calls as futures ({@link #async()}).
 */
public interface KvConnection extends AutoCloseable {
    void put(String key, String value) throws Exception;

    /** The value last put at {@code key}, or null if none. */
    String get(String key) throws Exception;

    /** True if {@link #putAsync} and {@link #getAsync} are the client's own asynchronous calls. */
    default boolean async() { return false; }

    /** {@link #put} without blocking: completes when the cluster answered (only where {@link #async()}). */
    default java.util.concurrent.CompletableFuture<Void> putAsync(String key, String value) {
        throw new UnsupportedOperationException("no asynchronous client");
    }

    /** {@link #get} without blocking (only where {@link #async()}). */
    default java.util.concurrent.CompletableFuture<String> getAsync(String key) {
        throw new UnsupportedOperationException("no asynchronous client");
    }

    @Override void close();
}
