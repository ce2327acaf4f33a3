package io.decree.engine.protocol;

import io.decree.engine.message.Flat;
import io.decree.engine.message.Message;
import java.util.Arrays;

/**
 * Messages said and not yet sent, as parallel arrays (destination, {@link Flat} kind, three longs, a
 * reference) instead of an envelope object per message: the replica says several messages per command (a
 * 2a to each member, a Commit to each follower, a reply) and holds them until the flush. The messages of
 * the steady state are kept flat, without a record, and leave through
 * {@link Environment#send(int, int, long, long, long, Object)}, which a wire transport encodes straight
 * into its buffers and the simulator turns into records. Any other message is kind {@code RECORD}. The
 * arrays double when full and are reused from then on. Single-threaded, like the replica.
 */
final class SendBuffer {
    private int[] to = new int[16];
    private int[] kinds = new int[16];
    private long[] as = new long[16], bs = new long[16], cs = new long[16];
    private Object[] refs = new Object[16];
    private int size;

    void add(int destination, Message message) { add(destination, Flat.RECORD, 0, 0, 0, message); }

    void add(int destination, int kind, long a, long b, long c, Object ref) {
        if (size == to.length) grow();
        to[size] = destination;
        kinds[size] = kind;
        as[size] = a;
        bs[size] = b;
        cs[size] = c;
        refs[size++] = ref;
    }

    /** Sends everything in order through {@code env} and empties the buffer (dropping its references). */
    void sendAll(Environment env) {
        for (int i = 0; i < size; i++) {
            if (kinds[i] == Flat.RECORD) env.send(to[i], (Message) refs[i]);
            else env.send(to[i], kinds[i], as[i], bs[i], cs[i], refs[i]);
            refs[i] = null;
        }
        size = 0;
    }

    private void grow() {
        int n = size * 2;
        to = Arrays.copyOf(to, n);
        kinds = Arrays.copyOf(kinds, n);
        as = Arrays.copyOf(as, n);
        bs = Arrays.copyOf(bs, n);
        cs = Arrays.copyOf(cs, n);
        refs = Arrays.copyOf(refs, n);
    }
}
