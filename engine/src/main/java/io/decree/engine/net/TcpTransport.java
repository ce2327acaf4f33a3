package io.decree.engine.net;

import io.decree.engine.message.ClientReply;
import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.net.tls.NodeName;
import io.decree.engine.net.tls.TlsConfig;
import io.decree.engine.protocol.Ballot;
import io.decree.engine.wire.DecodedMessage;
import io.decree.engine.runtime.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * A {@link Transport} over TCP and mutual TLS for one replica: a listener for its peers and its clients,
 * one connection per pair of replicas (the lower id dials, docs/network.md), reconnect with backoff and
 * jitter, per-peer bounded outbound queues drained once per event-loop turn, and frames decoded on the I/O
 * threads and handed to a {@link MessageSink} ({@code ReplicaRunner::deliver}).
 *
 * <p>A message a replica sends to itself (a leader's Phase1a and Phase2a go to every member, itself
 * included) goes straight back to its own sink, unserialized, as {@link io.decree.engine.runtime.LocalTransport}
 * does. {@link #send} never blocks and never throws: with no authenticated connection, a slow peer or a full
 * queue the message is dropped and counted ({@link #stats()}), a loss the protocol tolerates. Who sent a
 * message is the node its connection authenticated as, never a field of the message.
 *
 * <p>Client connections share the listener: a {@code client-<id>} certificate gets a connection address
 * above every replica id ({@link #FIRST_CLIENT_ADDRESS} and up); its requests go to the
 * {@link ClientRequestHandler}, and a reply the replica sends to that address goes back on the connection.
 *
 * <p>Life cycle: construct, build the replica runner on it, {@link #start} with the runner's
 * {@code deliver}, {@link #close} after the runner.
 */
public final class TcpTransport implements Transport, AutoCloseable {
    /** Connection addresses of clients start here, above every replica id. */
    public static final int FIRST_CLIENT_ADDRESS = Ballot.MAX_REPLICA_ID + 1;

    private final NodeName self;
    private final int selfId;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final FrameCodec codec;
    private final NetOptions options;
    private final NetStats stats = new NetStats();
    private final InetSocketAddress listenAt;
    private final LongSupplier sendClock;
    private final LongConsumer receiveClock;
    private final EventLoopGroup group;
    private final SplittableRandom jitterSeeds;
    private final ConcurrentHashMap<Integer, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Outbound> clients = new ConcurrentHashMap<>();
    /** {@link #clients} for lookups by int, replaced whole (never changed) when a client connects or leaves. */
    private volatile Int2ObjectHashMap<Outbound> clientsByAddress = new Int2ObjectHashMap<>();
    private final Object clientsLock = new Object();
    private final AtomicInteger nextClientAddress = new AtomicInteger();
    private final Object lifecycle = new Object();

    private volatile MessageSink sink;
    private volatile ClientRequestHandler clientHandler;
    private volatile Channel listener;
    private volatile boolean closed;
    /** Client requests go straight to the sink, flat (the default handler's behaviour without its record). */
    private volatile boolean clientsToSink;

    /** Without Lamport clocks (every frame carries clock 0). */
    public TcpTransport(TlsConfig tls, InetSocketAddress listenAt, Map<Integer, InetSocketAddress> peers, NetOptions options) {
        this(tls, listenAt, peers, options, () -> 0L, remote -> { });
    }

    /**
     * @param tls          this replica's certificate material ({@code replica-<id>})
     * @param listenAt     where to listen for peers and clients (port 0: any free port, see {@link #localAddress()})
     * @param peers        every other member's listener address; only these ids are accepted as peers ({@link #setPeers})
     * @param sendClock    the Lamport clock's tick, called once per frame sent (its value goes into the frame)
     * @param receiveClock the Lamport clock's receive, called with a frame's clock before its message is delivered
     */
    public TcpTransport(TlsConfig tls, InetSocketAddress listenAt, Map<Integer, InetSocketAddress> peers, NetOptions options,
                        LongSupplier sendClock, LongConsumer receiveClock) {
        this(tls, listenAt, peers, options, sendClock, receiveClock, WireFrameCodec.create(options.maxPayloadBytes()));
    }

    TcpTransport(TlsConfig tls, InetSocketAddress listenAt, Map<Integer, InetSocketAddress> peers, NetOptions options,
                 LongSupplier sendClock, LongConsumer receiveClock, FrameCodec codec) {
        if (!tls.node().isReplica()) throw new IllegalArgumentException("a replica transport needs a replica certificate, got " + tls.node());
        this.self = tls.node();
        this.selfId = (int) self.id();
        this.serverTls = tls.serverContext();
        this.clientTls = tls.clientContext();
        this.codec = codec;
        this.options = options;
        this.listenAt = listenAt;
        this.sendClock = sendClock;
        this.receiveClock = receiveClock;
        this.group = EventLoops.group(options.ioThreads(), "decree-net-" + selfId);
        this.jitterSeeds = new SplittableRandom(options.seed() ^ selfId);
        setPeers(peers);
    }

    /**
     * Starts listening and dialing; client requests go to the replica through {@code sink} as messages from
     * the connection's address ({@link ClientRequestHandler#viaProtocol}, without building its record).
     */
    public InetSocketAddress start(MessageSink sink) {
        clientsToSink = true; // before the listener opens, so every client connection sees it
        return start(sink, ClientRequestHandler.viaProtocol(sink));
    }

    /** Starts listening and dialing; {@code clientHandler} null refuses client connections. Returns the bound address. */
    public InetSocketAddress start(MessageSink sink, ClientRequestHandler clientHandler) {
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException(self + ": transport is closed");
            if (this.sink != null) throw new IllegalStateException(self + ": transport already started");
            this.sink = sink;
            this.clientHandler = clientHandler;
            ServerBootstrap server = new ServerBootstrap().group(group).channel(EventLoops.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(options.writeLowBytes(), options.writeHighBytes()))
                    .childHandler(initializer(serverTls, new ListenerPolicy(), false));
            if (options.socketBufferBytes() > 0)
                server.childOption(ChannelOption.SO_SNDBUF, options.socketBufferBytes()).childOption(ChannelOption.SO_RCVBUF, options.socketBufferBytes());
            listener = server.bind(listenAt).syncUninterruptibly().channel();
            NetLog.info("listening", "self", self, "address", listener.localAddress(), "transport", EventLoops.EPOLL ? "epoll" : "nio");
            for (Peer p : peers.values()) p.start();
            return localAddress();
        }
    }

    /** The listener's address (after {@link #start}). */
    public InetSocketAddress localAddress() {
        Channel l = listener;
        if (l == null) throw new IllegalStateException(self + ": transport not started");
        return (InetSocketAddress) l.localAddress();
    }

    public int id() { return selfId; }

    /**
     * Sets the members this replica talks to (every replica id of every configuration it knows, except its
     * own) and their listener addresses. Connections of replicas no longer named are closed and their
     * queued frames dropped; certificates of ids not named are refused from now on. Any thread.
     */
    public void setPeers(Map<Integer, InetSocketAddress> members) {
        synchronized (lifecycle) {
            if (closed) return;
            for (Map.Entry<Integer, Peer> e : peers.entrySet()) {
                if (!members.containsKey(e.getKey())) {
                    peers.remove(e.getKey());
                    e.getValue().remove();
                    NetLog.info("peer-removed", "self", self, "peer", "replica-" + e.getKey());
                }
            }
            for (Map.Entry<Integer, InetSocketAddress> e : members.entrySet()) {
                int id = e.getKey();
                if (id == selfId) continue;
                NodeName.replica(id); // validates the id range
                Peer existing = peers.get(id);
                if (existing != null) {
                    existing.readdress(e.getValue());
                    continue;
                }
                io.netty.channel.EventLoop loop = group.next();
                Peer p = new Peer(id, e.getValue(), new Outbound(codec, stats, options.queueFrames(), options.queueBytes(), loop), loop,
                        selfId < id, options, stats, jitterSeeds.split(), this::dial);
                peers.put(id, p);
                if (sink != null) p.start();
            }
        }
    }

    /** Ids of the peers with an authenticated connection now. */
    public Set<Integer> connectedPeers() {
        Set<Integer> up = new TreeSet<>();
        for (Peer p : peers.values()) {
            Channel ch = p.out.channel();
            if (ch != null && ch.isActive()) up.add(p.id);
        }
        return up;
    }

    /** The authenticated connection to {@code peer}, or null; for tests that write raw bytes on it. */
    Channel channelTo(int peer) {
        Peer p = peers.get(peer);
        return p == null ? null : p.out.channel();
    }

    /** Client connections open now. */
    public int clientConnections() { return clients.size(); }

    public NetStats.Report stats() { return stats.report(); }

    @Override public void send(int from, int to, Message message) { send(from, to, Flat.RECORD, 0, 0, 0, message); }

    /** As {@link #send(int, int, Message)}, for a message given flat: encoded without a record. */
    @Override public void send(int from, int to, int kind, long a, long b, long c, Object ref) {
        if (from != selfId) throw new IllegalArgumentException(self + ": asked to send as replica " + from);
        if (closed) {
            stats.droppedNoConnection.increment();
            return;
        }
        if (to == selfId) { // the leader's own Phase1a/Phase2a: straight to its queue, as LocalTransport does
            MessageSink local = sink;
            if (local == null || !local.deliver(selfId, kind, a, b, c, ref)) stats.droppedInbound.increment();
            return;
        }
        Outbound out;
        if (to >= FIRST_CLIENT_ADDRESS) out = clientsByAddress.get(to);
        else {
            Peer p = peers.get(to);
            out = p == null ? null : p.out;
        }
        if (out == null) stats.droppedNoConnection.increment();
        else out.send(kind, a, b, c, ref, sendClock);
    }

    /** Closes every connection and the listener and stops the I/O threads (joins them). Idempotent. */
    @Override public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
        }
        Channel l = listener;
        if (l != null) l.close().awaitUninterruptibly();
        for (Peer p : peers.values()) p.remove();
        for (Outbound c : clients.values()) {
            Channel ch = c.channel();
            if (ch != null) ch.close();
        }
        EventLoops.shutdown(group);
        NetLog.info("closed", "self", self);
    }

    // --- Connections. ---

    private ChannelInitializer<SocketChannel> initializer(SslContext tls, Handshake.Policy policy, boolean dialing) {
        return new ChannelInitializer<>() {
            @Override protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                        .addLast("framing", Framing.decoder(codec.maxPayload()))
                        .addLast("hello", new Handshake(self, codec, policy, stats, options.helloTimeoutMillis(), dialing));
            }
        };
    }

    private ChannelFuture dial(Peer peer) {
        Bootstrap b = new Bootstrap().group(peer.loop).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(options.writeLowBytes(), options.writeHighBytes()))
                .handler(initializer(clientTls, new DialPolicy(peer), true));
        if (options.socketBufferBytes() > 0)
            b.option(ChannelOption.SO_SNDBUF, options.socketBufferBytes()).option(ChannelOption.SO_RCVBUF, options.socketBufferBytes());
        return b.connect(peer.address());
    }

    private InboundFrames peerFrames(Peer peer, Channel ch) {
        NodeName name = NodeName.replica(peer.id);
        return new InboundFrames(self, name, codec, stats, receiveClock, new InboundFrames.Target() {
            @Override public boolean onMessage(DecodedMessage m) {
                if (Flat.fromClientsOnly(m.kind(), m.ref())) {
                    NetLog.warn("refused-message", "self", self, "peer", name, "detail", "a replica sent a " + m.toMessage().getClass().getSimpleName());
                    stats.malformedFrames.increment();
                    return false;
                }
                if (!sink.deliver(peer.id, m.kind(), m.a(), m.b(), m.c(), m.ref())) stats.droppedInbound.increment();
                return true;
            }

            @Override public void onClosed() {
                if (!peer.dials) peer.closed(ch); // the dialer's own close listener covers its channels
            }
        });
    }

    private InboundFrames clientFrames(NodeName client, Channel ch) {
        int address = allocateClientAddress();
        Outbound out = new Outbound(codec, stats, options.queueFrames(), options.queueBytes(), ch.eventLoop());
        out.attach(ch);
        clients.put(address, out);
        publishClients();
        NetLog.info("client-connected", "self", self, "client", client, "address", address, "remote", ch.remoteAddress());
        ClientRequestHandler.ReplySink replies = new ClientRequestHandler.ReplySink() {
            @Override public int address() { return address; }

            @Override public long clientId() { return client.id(); }

            @Override public boolean reply(ClientReply reply) { return out.send(reply, sendClock); }
        };
        return new InboundFrames(self, client, codec, stats, receiveClock, new InboundFrames.Target() {
            @Override public boolean onMessage(DecodedMessage m) {
                if (m.kind() == Flat.CLIENT_REQUEST && clientsToSink) {
                    // The default handler's path, flat: the request goes to the replica from the connection's address.
                    if (!sink.deliver(address, m.kind(), m.a(), m.b(), m.c(), m.ref())) stats.droppedInbound.increment();
                    return true;
                }
                Message message = m.toMessage();
                if (!(message instanceof ClientRequest request)) {
                    NetLog.warn("refused-message", "self", self, "peer", client, "detail", "a client sent a " + message.getClass().getSimpleName());
                    stats.malformedFrames.increment();
                    return false;
                }
                clientHandler.onRequest(request, replies);
                return true;
            }

            @Override public void onClosed() {
                clients.remove(address, out);
                publishClients();
                out.detach(ch);
                out.discard();
            }
        });
    }

    /**
     * Republishes {@link #clientsByAddress} from {@link #clients}: a copy per connect or disconnect, so that
     * the protocol thread's lookup per reply takes an int key (the map's Integer would be a new object per
     * reply: client addresses are far above the Integer cache).
     */
    private void publishClients() {
        synchronized (clientsLock) {
            Int2ObjectHashMap<Outbound> copy = new Int2ObjectHashMap<>();
            for (Map.Entry<Integer, Outbound> e : clients.entrySet()) copy.put((int) e.getKey(), e.getValue());
            clientsByAddress = copy;
        }
    }

    /** The next free address above the replica ids (wrapping far before int overflow). */
    private int allocateClientAddress() {
        while (true) {
            int address = FIRST_CLIENT_ADDRESS + Math.floorMod(nextClientAddress.getAndIncrement(), Integer.MAX_VALUE - FIRST_CLIENT_ADDRESS);
            if (!clients.containsKey(address)) return address;
        }
    }

    /** Inbound connections: members with a lower id (they dial us), and clients. */
    private final class ListenerPolicy implements Handshake.Policy {
        @Override public Refusal check(NodeName peer) {
            if (!peer.isReplica()) return clientHandler == null ? Refusal.NO_CLIENTS : null;
            if (peer.id() == selfId || !peers.containsKey((int) peer.id())) return Refusal.NOT_MEMBER;
            return peer.id() > selfId ? Refusal.DIAL_RULE : null;
        }

        @Override public ChannelHandler authenticated(ChannelHandlerContext ctx, NodeName peer) {
            Channel ch = ctx.channel();
            if (!peer.isReplica()) return clientFrames(peer, ch);
            Peer p = peers.get((int) peer.id());
            if (p == null || p.removed()) return null;
            NetLog.info("peer-connected", "self", self, "peer", peer, "remote", ch.remoteAddress(), "direction", "in");
            InboundFrames frames = peerFrames(p, ch);
            p.authenticated(ch);
            return frames;
        }
    }

    /** Outbound connections: the listener must be exactly the member we dialed. */
    private final class DialPolicy implements Handshake.Policy {
        private final Peer peer;

        DialPolicy(Peer peer) { this.peer = peer; }

        @Override public Refusal check(NodeName name) {
            if (!name.isReplica()) return Refusal.WRONG_ROLE;
            return name.id() == peer.id ? null : Refusal.WRONG_PEER;
        }

        @Override public ChannelHandler authenticated(ChannelHandlerContext ctx, NodeName name) {
            if (peer.removed()) return null;
            NetLog.info("peer-connected", "self", self, "peer", name, "remote", ctx.channel().remoteAddress(), "direction", "out");
            InboundFrames frames = peerFrames(peer, ctx.channel());
            peer.authenticated(ctx.channel());
            return frames;
        }
    }
}
