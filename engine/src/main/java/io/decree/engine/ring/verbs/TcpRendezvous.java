package io.decree.engine.ring.verbs;

import io.decree.engine.ring.FabricException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.IntFunction;

/**
 * The rendezvous between hosts: each process listens on a TCP address for writers that want to connect to
 * its rings, and connects to a receiver's address to ask for one. One request and one reply per connection,
 * big-endian, like {@code rc_pingpong}'s exchange but binary:
 * <pre>
 *   request: magic u32 "DCRV", version u8 = 1, receiver i32, writer i32,
 *            qpNumber i32, psn i32, lid i32, gidPrefix i64, gidInterface i64, headAddress i64, headRkey i32
 *   reply:   status u8 (0 ok, 1 refused) then, if 0:
 *            qpNumber i32, psn i32, lid i32, gidPrefix i64, gidInterface i64,
 *            dataAddress i64, tailAddress i64, rkey i32, capacity i32, tail i64, head i64, epoch i64
 *            or, if 1: the reason, UTF (DataOutput.writeUTF)
 * </pre>
 * Nothing here is authenticated: the exchange says where to write, not who may, and the rkey it hands out
 * works only through the queue pair connected to the requester's. Run it on the cluster's private network,
 * as the RDMA fabric itself is. Requests are served one at a time on one daemon thread: connections are set
 * up rarely (start, reconnect after a re-grant).
 */
public final class TcpRendezvous implements VerbsRendezvous, AutoCloseable {
    static final int MAGIC = 0x44435256;   // "DCRV"
    static final int VERSION = 1;
    private static final int TIMEOUT_MS = 10_000;

    private final ServerSocket server;
    private final IntFunction<InetSocketAddress> peers;
    private final RendezvousListeners listeners = new RendezvousListeners();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Listens on {@code bind}; {@code peers} maps a replica id to the address its rendezvous listens on. */
    public TcpRendezvous(InetSocketAddress bind, IntFunction<InetSocketAddress> peers) throws IOException {
        this.peers = peers;
        this.server = new ServerSocket();
        server.bind(bind);
        this.acceptor = Thread.ofPlatform().daemon().name("decree-verbs-rendezvous").start(this::serve);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override public void listen(int receiver, int writer, Listener listener) { listeners.listen(receiver, writer, listener); }

    @Override public void unlisten(int receiver, int writer, Listener listener) { listeners.unlisten(receiver, writer, listener); }

    private void serve() {
        while (!closed) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(TIMEOUT_MS);
                answer(new DataInputStream(s.getInputStream()), new DataOutputStream(s.getOutputStream()));
            } catch (IOException e) {
                // A peer that hung up or sent garbage costs only its own request; closing the server ends the loop.
            }
        }
    }

    private void answer(DataInputStream in, DataOutputStream out) throws IOException {
        int magic = in.readInt();
        int version = in.readUnsignedByte();
        if (magic != MAGIC || version != VERSION) {
            refuse(out, "not a decree verbs rendezvous request (magic 0x" + Integer.toHexString(magic) + ", version " + version + ")");
            return;
        }
        int receiver = in.readInt();
        int writer = in.readInt();
        QpEndpoint qp = readEndpoint(in);
        Hello hello = new Hello(qp, in.readLong(), in.readInt());
        Listener listener = listeners.of(receiver, writer);
        if (listener == null) {
            refuse(out, "replica " + receiver + " has not exposed a ring for writer " + writer);
            return;
        }
        Reply reply;
        try {
            reply = listener.accept(hello);
        } catch (FabricException | RuntimeException e) {
            refuse(out, String.valueOf(e.getMessage()));
            return;
        }
        out.writeByte(0);
        writeEndpoint(out, reply.receiver());
        out.writeLong(reply.dataAddress());
        out.writeLong(reply.tailAddress());
        out.writeInt(reply.rkey());
        out.writeInt(reply.capacity());
        out.writeLong(reply.tail());
        out.writeLong(reply.head());
        out.writeLong(reply.epoch());
        out.flush();
    }

    private static void refuse(DataOutputStream out, String reason) throws IOException {
        out.writeByte(1);
        out.writeUTF(reason.length() > 10_000 ? reason.substring(0, 10_000) : reason);
        out.flush();
    }

    @Override public Reply connect(int receiver, int writer, Hello hello) throws FabricException {
        InetSocketAddress address = peers.apply(receiver);
        if (address == null) throw new FabricException("verbs: no rendezvous address for replica " + receiver);
        try (Socket s = new Socket()) {
            s.connect(address, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(receiver);
            out.writeInt(writer);
            writeEndpoint(out, hello.writer());
            out.writeLong(hello.headAddress());
            out.writeInt(hello.headRkey());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int status = in.readUnsignedByte();
            if (status != 0) throw new FabricException("verbs: replica " + receiver + " at " + address + " refused writer "
                    + writer + ": " + (status == 1 ? in.readUTF() : "status " + status));
            return new Reply(readEndpoint(in), in.readLong(), in.readLong(), in.readInt(), in.readInt(), in.readLong(),
                    in.readLong(), in.readLong());
        } catch (SocketTimeoutException e) {
            throw new FabricException("verbs: the rendezvous of replica " + receiver + " at " + address + " did not answer in "
                    + TIMEOUT_MS + " ms", e);
        } catch (EOFException e) {
            throw new FabricException("verbs: the rendezvous of replica " + receiver + " at " + address + " hung up", e);
        } catch (IOException e) {
            throw new FabricException("verbs: cannot reach the rendezvous of replica " + receiver + " at " + address + ": "
                    + e.getMessage(), e);
        }
    }

    private static void writeEndpoint(DataOutputStream out, QpEndpoint e) throws IOException {
        out.writeInt(e.qpNumber());
        out.writeInt(e.packetSequence());
        out.writeInt(e.lid());
        out.writeLong(e.gidSubnetPrefix());
        out.writeLong(e.gidInterfaceId());
    }

    private static QpEndpoint readEndpoint(DataInputStream in) throws IOException {
        int qpn = in.readInt(), psn = in.readInt(), lid = in.readInt();
        try {
            return new QpEndpoint(qpn, psn, lid, in.readLong(), in.readLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("bad endpoint: " + e.getMessage(), e);
        }
    }

    @Override public void close() throws IOException {
        closed = true;
        server.close();
        try {
            acceptor.join(TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
