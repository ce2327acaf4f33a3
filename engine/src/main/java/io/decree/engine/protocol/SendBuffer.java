package io.decree.engine.protocol;

import io.decree.engine.message.Message;

/**
 * Messages said and not yet sent, as two parallel arrays (destination, message) instead of an envelope
 * object per message: the replica says several messages per command (a 2a to each member, a Commit to each
 * follower) and holds them until the flush, so an envelope each was an allocation per message. The arrays
 * double when full and are reused from then on. Single-threaded, like the replica.
 */
final class SendBuffer {
    private int[] to = new int[16];
    private Message[] messages = new Message[16];
    private int size;

    void add(int destination, Message message) {
        if (size == to.length) {
            to = java.util.Arrays.copyOf(to, size * 2);
            messages = java.util.Arrays.copyOf(messages, size * 2);
        }
        to[size] = destination;
        messages[size++] = message;
    }

    /** Sends everything in order through {@code env} and empties the buffer (dropping its references). */
    void sendAll(Environment env) {
        for (int i = 0; i < size; i++) {
            env.send(to[i], messages[i]);
            messages[i] = null;
        }
        size = 0;
    }
}
