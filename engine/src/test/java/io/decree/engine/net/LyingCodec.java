package io.decree.engine.net;

import io.decree.engine.message.Message;
import io.decree.engine.net.tls.NodeName;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The real codec, except that its HELLO names {@code claimed} instead of the sender: an impostor's codec. */
final class LyingCodec implements FrameCodec {
    private final FrameCodec real = WireFrameCodec.create(1 << 20);
    private final NodeName claimed;

    LyingCodec(NodeName claimed) { this.claimed = claimed; }

    @Override public int maxPayload() { return real.maxPayload(); }

    @Override public int frameLength(Message message) { return real.frameLength(message); }

    @Override public int encode(Message message, long clock, MutableDirectBuffer buffer, int offset) { return real.encode(message, clock, buffer, offset); }

    @Override public int helloLength() { return real.helloLength(); }

    @Override public int encodeHello(NodeName self, long clock, MutableDirectBuffer buffer, int offset) { return real.encodeHello(claimed, clock, buffer, offset); }

    @Override public Message decode(DirectBuffer buffer, int offset, int length) { return real.decode(buffer, offset, length); }

    @Override public NodeName decodeHello(DirectBuffer buffer, int offset, int length) { return real.decodeHello(buffer, offset, length); }

    @Override public long clockOf(DirectBuffer buffer, int offset) { return real.clockOf(buffer, offset); }
}
