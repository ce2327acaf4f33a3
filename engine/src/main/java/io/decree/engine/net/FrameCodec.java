package io.decree.engine.net;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import io.decree.engine.net.tls.NodeName;
import io.decree.engine.wire.DecodedMessage;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What the transport needs from the wire format (docs/wire.md): exact frame lengths, encoding into a
 * caller's buffer, and in-place decoding that throws on anything malformed. The production implementation
 * is {@link WireFrameCodec} over {@code io.decree.engine.wire.WireCodec}; the transport never looks inside
 * a payload itself, only at the header fields the framing decoder needs (length at offset 8).
 */
interface FrameCodec {

    /** Largest payload a frame may carry; the framing decoder refuses longer frames before buffering them. */
    int maxPayload();

    /** The exact length of {@code message}'s frame (header, payload, trailer). */
    int frameLength(Message message);

    /** Encodes {@code message}'s frame at {@code offset}; returns its length. */
    int encode(Message message, long clock, MutableDirectBuffer buffer, int offset);

    /** The exact length of a flat message's frame ({@link Flat}); the default measures its record. */
    default int frameLength(int kind, Object ref) { return frameLength(Flat.toMessage(kind, 0, 0, 0, ref)); }

    /**
     * Encodes a flat message's frame at {@code offset}, the same bytes as its record's; returns its length.
     * The default builds the record; the wire codec writes the fields without one.
     */
    default int encode(int kind, long a, long b, long c, Object ref, long clock, MutableDirectBuffer buffer, int offset) {
        return encode(Flat.toMessage(kind, a, b, c, ref), clock, buffer, offset);
    }

    /**
     * The message of the frame at {@code offset} as a flat message, in an object the codec may reuse for
     * the next frame of the same thread; throws as {@link #decode} does. The default wraps the record.
     */
    default DecodedMessage decodeFlat(DirectBuffer buffer, int offset, int length) { return DecodedMessage.of(decode(buffer, offset, length)); }

    /** The length of a HELLO frame. */
    int helloLength();

    /** Encodes a HELLO frame naming {@code self}; returns its length. */
    int encodeHello(NodeName self, long clock, MutableDirectBuffer buffer, int offset);

    /** The message of the frame at {@code offset}; throws (unchecked) naming the field if it is malformed. */
    Message decode(DirectBuffer buffer, int offset, int length);

    /** The node a HELLO frame names; throws (unchecked) if the frame is malformed or not a HELLO. */
    NodeName decodeHello(DirectBuffer buffer, int offset, int length);

    /** The sender's Lamport clock in a frame's header (the frame is already validated by a decode). */
    long clockOf(DirectBuffer buffer, int offset);
}
