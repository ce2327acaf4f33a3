package io.decree.engine.ring;

import io.decree.engine.message.Heartbeat;
import io.decree.engine.message.Message;
import io.decree.engine.wire.WireCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A receiver and a writer over one shared-memory ring in a temporary directory, for the ring's unit tests. */
final class RingHarness implements AutoCloseable {
    static final int RECEIVER = 1, WRITER = 2;

    final Path dir;
    final ShmFabric fabric;
    final RegisteredRegion exposed;
    final RingReceiver receiver;
    final WireCodec receiverCodec = new WireCodec();
    final List<Message> delivered = new ArrayList<>();
    final RingReceiver.FrameHandler collect = (writer, buffer, offset, length) -> delivered.add(receiverCodec.decode(buffer, offset, length));
    RingSender sender;

    RingHarness(int capacity, ShmFabric fabric, Path dir) throws FabricException {
        this.dir = dir;
        this.fabric = fabric;
        this.exposed = fabric.expose(RECEIVER, WRITER, capacity);
        this.receiver = new RingReceiver(exposed, receiverCodec);
        this.sender = new RingSender(fabric.connect(RECEIVER, WRITER), new WireCodec());
    }

    static RingHarness create(int capacity) throws IOException, FabricException {
        Path dir = Files.createTempDirectory("decree-ring-");
        return new RingHarness(capacity, new ShmFabric(dir), dir);
    }

    static Heartbeat heartbeat(long i) { return new Heartbeat(i, i * 2, i * 3); }

    int drain() { return receiver.poll(collect, Integer.MAX_VALUE); }

    @Override public void close() throws IOException {
        sender.region().close();
        exposed.close();
        fabric.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
