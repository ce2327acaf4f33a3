package io.decree.engine.net;

import io.decree.engine.message.Message;
import io.decree.engine.net.tls.NodeName;
import io.decree.engine.wire.DecodedMessage;
import io.decree.engine.wire.Hello;
import io.decree.engine.wire.WireCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link FrameCodec} over the wire package's {@link WireCodec}. A {@code WireCodec} reuses its flyweights
 * and is not thread-safe, so each thread that encodes (the protocol thread) or decodes (an I/O thread) gets
 * its own, made once: no allocation per frame, and none at all for the flat messages' frames
 * ({@link #decodeFlat}, the flat {@link #encode(int, long, long, long, Object, long, MutableDirectBuffer, int)}).
 */
final class WireFrameCodec implements FrameCodec {
    private final int maxPayload;
    private final ThreadLocal<WireCodec> codecs;

    private WireFrameCodec(int maxPayload) {
        this.maxPayload = maxPayload;
        this.codecs = ThreadLocal.withInitial(() -> new WireCodec(maxPayload));
    }

    static WireFrameCodec create(int maxPayload) { return new WireFrameCodec(maxPayload); }

    @Override public int maxPayload() { return maxPayload; }

    @Override public int frameLength(Message message) { return WireCodec.encodedLength(message); }

    @Override public int encode(Message message, long clock, MutableDirectBuffer buffer, int offset) {
        return codecs.get().encode(message, clock, buffer, offset);
    }

    @Override public int frameLength(int kind, Object ref) { return WireCodec.encodedLength(kind, ref); }

    @Override public int encode(int kind, long a, long b, long c, Object ref, long clock, MutableDirectBuffer buffer, int offset) {
        return codecs.get().encode(kind, a, b, c, ref, clock, buffer, offset);
    }

    @Override public DecodedMessage decodeFlat(DirectBuffer buffer, int offset, int length) {
        return codecs.get().decodeFlat(buffer, offset, length);
    }

    @Override public int helloLength() { return WireCodec.HELLO_FRAME_LENGTH; }

    @Override public int encodeHello(NodeName self, long clock, MutableDirectBuffer buffer, int offset) {
        Hello.Role role = self.isReplica() ? Hello.Role.REPLICA : Hello.Role.CLIENT;
        return codecs.get().encodeHello(new Hello(role, self.id()), clock, buffer, offset);
    }

    @Override public Message decode(DirectBuffer buffer, int offset, int length) {
        return codecs.get().decode(buffer, offset, length);
    }

    /** The HELLO's role and id as a {@link NodeName}; an id out of the role's range is refused like any bad field. */
    @Override public NodeName decodeHello(DirectBuffer buffer, int offset, int length) {
        Hello hello = codecs.get().decodeHello(buffer, offset, length);
        NodeName.Role role = hello.role() == Hello.Role.REPLICA ? NodeName.Role.REPLICA : NodeName.Role.CLIENT;
        return new NodeName(role, hello.nodeId());
    }

    @Override public long clockOf(DirectBuffer buffer, int offset) { return WireCodec.clockOf(buffer, offset); }
}
