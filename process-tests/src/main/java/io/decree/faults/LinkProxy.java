package io.decree.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One directed link of a {@link FaultProxy}: a listener on 127.0.0.1 that the dialling replica uses as the
 * peer's address, forwarding each accepted connection to the peer's real port. Plain bytes: TLS records
 * pass through untouched, so the replicas still authenticate each other end to end.
 *
 * <p>Each direction of a connection is a reader thread and a writer thread joined by a bounded queue of
 * chunks stamped with their due time: the delay mode holds a chunk until it is due without stalling the
 * reader, order is kept (a FIFO queue), and the bound gives back-pressure instead of unbounded memory.
 */
final class LinkProxy implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;
    private static final int QUEUE_CHUNKS = 256;

    private final String name;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile LinkMode mode = LinkMode.PASS;
    private volatile boolean closed;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    LinkProxy(String name, int targetPort) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept-" + name).start(this::acceptLoop);
    }

    int port() { return listener.getLocalPort(); }

    LinkMode mode() { return mode; }

    /** Sets the mode; DROP closes every open connection now. */
    void mode(LinkMode newMode) {
        mode = newMode;
        if (newMode.kind() == LinkMode.Kind.DROP) for (Connection c : connections) c.close();
    }

    int openConnections() { return connections.size(); }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) return;
                continue; // a failed accept (e.g. reset while queued) affects only that connection
            }
            if (mode.kind() == LinkMode.Kind.DROP) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            } catch (IOException e) {
                refused.incrementAndGet(); // the peer is down: the dialler sees the same as without a proxy, a closed connection
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            accepted.incrementAndGet();
            Connection c = new Connection(client, server);
            connections.add(c);
            c.start();
        }
    }

    @Override public void close() {
        closed = true;
        closeQuietly(listener);
        for (Connection c : connections) c.close();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing to cut a link: nothing to do if it fails
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) {}

    private static final Chunk END = new Chunk(new byte[0], 0);

    /** One proxied connection: two directions, each a reader and a writer thread. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean done;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            direction(client, server, "up");
            direction(server, client, "down");
        }

        private void direction(Socket from, Socket to, String label) {
            BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
            Thread.ofVirtual().name("proxy-" + name + "-" + label + "-read").start(() -> read(from, queue));
            Thread.ofVirtual().name("proxy-" + name + "-" + label + "-write").start(() -> write(to, queue));
        }

        private void read(Socket from, BlockingQueue<Chunk> queue) {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    LinkMode m = mode;
                    if (m.kind() == LinkMode.Kind.DROP) break;
                    queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + m.delayMillis() * 1_000_000L));
                }
            } catch (IOException | InterruptedException e) {
                // the connection was cut (by a fault or by an end): fall through to close
            } finally {
                queue.offer(END);
                close();
            }
        }

        private void write(Socket to, BlockingQueue<Chunk> queue) {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == END || done) break;
                    long wait;
                    // The delay itself: hold the chunk until it is due (this is the injected fault, not a test wait).
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0 && !done) LockSupport.parkNanos(wait);
                    if (done) break;
                    out.write(chunk.bytes());
                    out.flush();
                    bytes.addAndGet(chunk.bytes().length);
                }
            } catch (IOException | InterruptedException e) {
                // cut
            } finally {
                close();
            }
        }

        void close() {
            done = true;
            connections.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }
}
