package io.decree.engine.net;

import io.decree.engine.message.Message;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records what a transport delivered, with the sender id it attributed. */
final class RecordingSink implements MessageSink {
    record Delivery(int from, Message message) {}

    final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    @Override public boolean deliver(int from, Message message) {
        deliveries.add(new Delivery(from, message));
        return true;
    }

    int count() { return deliveries.size(); }

    List<Delivery> from(int id) { return deliveries.stream().filter(d -> d.from() == id).toList(); }
}
