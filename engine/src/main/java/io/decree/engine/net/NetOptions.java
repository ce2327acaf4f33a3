package io.decree.engine.net;

/**
 * Tuning of a {@link TcpTransport} or {@link ClientConnector}.
 *
 * @param maxPayloadBytes     largest frame payload accepted or sent; a longer announced length closes the connection
 * @param queueFrames         frames queued per peer between the protocol thread and the I/O thread (a power of two)
 * @param queueBytes          bytes queued per peer the same way; beyond either bound a send is dropped and counted
 * @param writeLowBytes       the channel becomes writable again below this many unsent bytes
 * @param writeHighBytes      above this many unsent bytes in the channel (TLS and socket included) sends are dropped
 * @param socketBufferBytes   SO_SNDBUF / SO_RCVBUF, or 0 for the operating system's default
 * @param reconnectMinMillis  first reconnect delay; doubles per failed attempt
 * @param reconnectMaxMillis  reconnect delay cap (before jitter, which draws uniformly from [d/2, d])
 * @param connectTimeoutMillis TCP connect time-out
 * @param helloTimeoutMillis  time a new connection has to finish TLS and the HELLO exchange
 * @param ioThreads           event-loop threads of the transport
 * @param seed                seed of the reconnect jitter
 */
public record NetOptions(int maxPayloadBytes, int queueFrames, long queueBytes, int writeLowBytes, int writeHighBytes,
                         int socketBufferBytes, long reconnectMinMillis, long reconnectMaxMillis,
                         int connectTimeoutMillis, long helloTimeoutMillis, int ioThreads, long seed) {

    public NetOptions {
        if (maxPayloadBytes < 64) throw new IllegalArgumentException("maxPayloadBytes must be at least 64, got " + maxPayloadBytes);
        if (maxPayloadBytes > Integer.MAX_VALUE - Framing.OVERHEAD) throw new IllegalArgumentException("maxPayloadBytes too large: " + maxPayloadBytes);
        if (queueFrames < 1 || Integer.bitCount(queueFrames) != 1) throw new IllegalArgumentException("queueFrames must be a positive power of two, got " + queueFrames);
        if (queueBytes < maxPayloadBytes + Framing.OVERHEAD) throw new IllegalArgumentException("queueBytes " + queueBytes + " cannot hold one frame of " + (maxPayloadBytes + Framing.OVERHEAD) + " bytes");
        if (writeLowBytes < 1 || writeHighBytes < writeLowBytes) throw new IllegalArgumentException("need 0 < writeLowBytes <= writeHighBytes, got " + writeLowBytes + ", " + writeHighBytes);
        if (socketBufferBytes < 0) throw new IllegalArgumentException("socketBufferBytes must be >= 0, got " + socketBufferBytes);
        if (reconnectMinMillis < 1 || reconnectMaxMillis < reconnectMinMillis) throw new IllegalArgumentException("need 1 <= reconnectMinMillis <= reconnectMaxMillis, got " + reconnectMinMillis + ", " + reconnectMaxMillis);
        if (connectTimeoutMillis < 1 || helloTimeoutMillis < 1) throw new IllegalArgumentException("time-outs must be positive");
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be positive, got " + ioThreads);
    }

    /** 16 MiB frames, 4096 frames / 64 MiB per peer queue, 1-4 MiB channel watermarks, reconnect 50 ms .. 2 s. */
    public static NetOptions defaults() {
        return new NetOptions(16 << 20, 4096, 64L << 20, 1 << 20, 4 << 20, 0, 50, 2000, 2000, 5000, 1, 1);
    }

    public NetOptions withMaxPayloadBytes(int bytes) {
        return new NetOptions(bytes, queueFrames, Math.max(queueBytes, bytes + Framing.OVERHEAD), writeLowBytes, writeHighBytes, socketBufferBytes,
                reconnectMinMillis, reconnectMaxMillis, connectTimeoutMillis, helloTimeoutMillis, ioThreads, seed);
    }

    public NetOptions withWriteBuffer(int lowBytes, int highBytes, int socketBytes) {
        return new NetOptions(maxPayloadBytes, queueFrames, queueBytes, lowBytes, highBytes, socketBytes,
                reconnectMinMillis, reconnectMaxMillis, connectTimeoutMillis, helloTimeoutMillis, ioThreads, seed);
    }

    public NetOptions withReconnect(long minMillis, long maxMillis) {
        return new NetOptions(maxPayloadBytes, queueFrames, queueBytes, writeLowBytes, writeHighBytes, socketBufferBytes,
                minMillis, maxMillis, connectTimeoutMillis, helloTimeoutMillis, ioThreads, seed);
    }

    public NetOptions withHelloTimeout(long millis) {
        return new NetOptions(maxPayloadBytes, queueFrames, queueBytes, writeLowBytes, writeHighBytes, socketBufferBytes,
                reconnectMinMillis, reconnectMaxMillis, connectTimeoutMillis, millis, ioThreads, seed);
    }

    public NetOptions withSeed(long s) {
        return new NetOptions(maxPayloadBytes, queueFrames, queueBytes, writeLowBytes, writeHighBytes, socketBufferBytes,
                reconnectMinMillis, reconnectMaxMillis, connectTimeoutMillis, helloTimeoutMillis, ioThreads, s);
    }
}
