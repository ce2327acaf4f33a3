package io.decree.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A loopback echo server standing in for a replica's peer port in the proxy tests; replies prefix its name. */
final class EchoServer implements AutoCloseable {
    private final ServerSocket listener;
    private final String name;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    EchoServer(String name) throws IOException {
        this.name = name;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() { return listener.getLocalPort(); }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                sockets.add(s);
                Thread.ofVirtual().start(() -> echo(s));
            }
        } catch (IOException closed) {
            // listener closed: the test is over
        }
    }

    /** Answers each line with "name:line". */
    private void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    out.write((name + ":" + line + "\n").getBytes());
                    out.flush();
                    line.setLength(0);
                } else line.append((char) b);
            }
        } catch (IOException cut) {
            // the proxy cut the connection
        } finally {
            sockets.remove(s);
        }
    }

    /**
     * Closes the listener and returns once the port refuses connections. {@code ServerSocket.close} defers the
     * descriptor's real close while a thread is blocked in {@code accept}, so a dial right after it can still
     * be accepted (seen: about a third of immediate dials, on JDK 25); the accept loop's end is that moment.
     */
    @Override public void close() throws IOException {
        listener.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the echo server " + name + " closed", e);
        }
        for (Socket s : sockets) s.close();
    }
}
