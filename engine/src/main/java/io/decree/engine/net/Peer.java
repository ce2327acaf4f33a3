package io.decree.engine.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One peer replica: its address, its outbound queue, and (when this replica is the one that dials, see
 * docs/network.md) the reconnect loop. All dialing state lives on one event loop, {@link #loop}, so it needs
 * no locks; the connection itself is published through {@link Outbound}.
 *
 * <p>Reconnect: exponential backoff from {@code reconnectMinMillis}, doubling per failed attempt up to
 * {@code reconnectMaxMillis}, with "equal jitter" (a delay d becomes uniform in [d/2, d]) so replicas that
 * lost a peer together do not reconnect in lock-step. The attempt count resets once a connection
 * authenticates.
 */
final class Peer {
    final int id;
    final Outbound out;
    final EventLoop loop;
    /** True when this side dials the peer (its id is higher than ours). */
    final boolean dials;
    private final NetOptions options;
    private final NetStats stats;
    private final SplittableRandom jitter;
    private final Function<Peer, ChannelFuture> dialer;

    private volatile InetSocketAddress address;
    private volatile boolean removed;
    // Loop-confined:
    private int attempts;
    private boolean connecting;
    private ScheduledFuture<?> retry;

    Peer(int id, InetSocketAddress address, Outbound out, EventLoop loop, boolean dials, NetOptions options, NetStats stats,
         SplittableRandom jitter, Function<Peer, ChannelFuture> dialer) {
        this.id = id;
        this.address = address;
        this.out = out;
        this.loop = loop;
        this.dials = dials;
        this.options = options;
        this.stats = stats;
        this.jitter = jitter;
        this.dialer = dialer;
    }

    InetSocketAddress address() { return address; }

    /** Points at a new address; a live connection to the old one is closed so the dialer reconnects. */
    void readdress(InetSocketAddress to) {
        if (to.equals(address)) return;
        address = to;
        Channel ch = out.channel();
        if (ch != null) ch.close();
    }

    /** Starts dialing if this side dials (any thread). */
    void start() {
        if (dials) loop.execute(this::dial);
    }

    /** The peer left the membership: close, stop dialing, drop what is queued (any thread). */
    void remove() {
        removed = true;
        if (loop.isShuttingDown()) return;
        loop.execute(() -> {
            if (retry != null) retry.cancel(false);
            Channel ch = out.channel();
            if (ch != null) ch.close();
            out.discard();
        });
    }

    boolean removed() { return removed; }

    /** Called (on any loop) when a connection to this peer authenticated. */
    void authenticated(Channel ch) {
        Channel old = out.attach(ch);
        if (old != null && old != ch) {
            NetLog.info("superseded", "peer", "replica-" + id, "old", old.remoteAddress(), "new", ch.remoteAddress());
            old.close();
        }
        if (dials && !loop.isShuttingDown()) loop.execute(() -> attempts = 0);
    }

    /** Called when a connection of this peer closed (authenticated or not). */
    void closed(Channel ch) {
        out.detach(ch);
        if (dials && !loop.isShuttingDown()) loop.execute(() -> {
            connecting = false;
            scheduleRetry();
        });
    }

    private void dial() {
        assert loop.inEventLoop();
        if (removed || connecting || out.channel() != null || loop.isShuttingDown()) return;
        connecting = true;
        stats.connectAttempts.increment();
        ChannelFuture f = dialer.apply(this);
        f.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) done.channel().closeFuture().addListener(c -> closed(done.channel()));
            else {
                NetLog.debug("connect-failed", "peer", "replica-" + id, "address", address, "attempt", attempts, "detail", Handshake.describe(done.cause()));
                connecting = false;
                scheduleRetry();
            }
        });
    }

    private void scheduleRetry() {
        assert loop.inEventLoop();
        if (removed || connecting || loop.isShuttingDown() || (retry != null && !retry.isDone())) return;
        long delay = Math.min(options.reconnectMaxMillis(), options.reconnectMinMillis() << Math.min(attempts, 20));
        attempts++;
        long jittered = delay / 2 + jitter.nextLong(delay - delay / 2 + 1);
        retry = loop.schedule(this::dial, jittered, TimeUnit.MILLISECONDS);
    }
}
