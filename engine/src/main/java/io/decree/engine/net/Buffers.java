package io.decree.engine.net;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.UnsafeBuffer;

/** Points an Agrona flyweight at a Netty buffer's bytes, without copying them. */
final class Buffers {
    private Buffers() {}

    /** Makes {@code view} cover {@code length} bytes of {@code buf} from {@code index}; view offset 0 is {@code index}. */
    static void wrap(UnsafeBuffer view, ByteBuf buf, int index, int length) {
        if (buf.hasMemoryAddress()) view.wrap(buf.memoryAddress() + index, length);
        else if (buf.hasArray()) view.wrap(buf.array(), buf.arrayOffset() + index, length);
        else view.wrap(buf.nioBuffer(index, length)); // no raw address (Unsafe off): a ByteBuffer view, still no copy
    }
}
