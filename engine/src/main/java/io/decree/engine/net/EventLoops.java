package io.decree.engine.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/** Epoll where the native library loads (Linux x86-64), NIO elsewhere: same behaviour, fewer copies and syscalls with epoll. */
final class EventLoops {
    static final boolean EPOLL = Epoll.isAvailable();

    private EventLoops() {}

    static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    static Class<? extends SocketChannel> socketChannel() { return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class; }

    static Class<? extends ServerChannel> serverChannel() { return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class; }

    /** Stops the group's threads and waits for them (no quiet period: every channel is closed already). */
    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
