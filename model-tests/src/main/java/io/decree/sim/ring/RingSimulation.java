package io.decree.sim.ring;

import io.decree.engine.message.ClientRequest;
import io.decree.engine.message.Message;
import io.decree.engine.protocol.Command;
import io.decree.engine.ring.FabricException;
import io.decree.engine.ring.RingMutant;
import io.decree.engine.ring.RingReceiver;
import io.decree.engine.ring.RingSender;
import io.decree.engine.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The ring protocol ({@link RingSender}, {@link RingReceiver}, the engine's own classes) over the simulator's
 * fabric model ({@link SimFabric}), one seeded run: the writer offers messages of random sizes (so the ring
 * wraps), the fabric lands writes torn and late, the receiver is slow (it polls rarely, a few frames at a
 * time), and at a random step the receiver revokes the writer, drains, re-grants, and a new writer connects.
 *
 * <p>What must hold, checked at every poll and at the end ({@link Result#violation}):
 * <ul>
 *   <li><b>intact, in order</b>: every delivered message is one that was offered and reported SENT, in the
 *       order sent, with no gap within an epoch; no record is malformed;</li>
 *   <li><b>fenced</b>: of the first writer's messages, exactly those whose publication landed before the
 *       revocation are delivered; none it published after it;</li>
 *   <li><b>complete</b>: after the fabric is quiet and the receiver drained, every landed message is delivered.</li>
 * </ul>
 * The mutants {@link RingMutant#PUBLISH_BEFORE_PAYLOAD} and {@link RingMutant#IGNORES_REVOCATION} each break one.
 */
public final class RingSimulation {
    /** What a run found; {@code violation} null when every property held. */
    public record Result(long seed, int sent, int delivered, long malformed, long fullRefusals, boolean revoked, String violation) {
        public boolean ok() { return violation == null; }
    }

    private final long seed;
    private final Set<RingMutant> mutants;
    private final int steps;
    private final int capacity;

    public RingSimulation(long seed, Set<RingMutant> mutants, int steps, int capacity) {
        this.seed = seed;
        this.mutants = mutants;
        this.steps = steps;
        this.capacity = capacity;
    }

    public Result run() throws FabricException {
        SplittableRandom random = new SplittableRandom(seed);
        SimFabric fabric = new SimFabric(random.nextLong(), mutants);
        WireCodec codec = new WireCodec();
        RingReceiver receiver = new RingReceiver(fabric.expose(SimFabric.RECEIVER, SimFabric.WRITER, capacity), codec);
        Set<RingMutant> senderMutants = mutants.contains(RingMutant.PUBLISH_BEFORE_PAYLOAD) ? Set.of(RingMutant.PUBLISH_BEFORE_PAYLOAD) : Set.of();
        RingSender sender = new RingSender(fabric.connect(SimFabric.RECEIVER, SimFabric.WRITER), new WireCodec(), senderMutants);
        List<Long> sent = new ArrayList<>();        // sequence numbers reported SENT, in order
        List<Long> sentTails = new ArrayList<>();   // the tail each one's publication set
        List<Integer> sentEpoch = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        int epoch = 0;
        int revokeAt = random.nextInt(steps / 4, steps * 3 / 4);
        int fenceCount = -1;                        // first-epoch messages whose publication landed before the fence
        long fullRefusals = 0;
        boolean slow = random.nextBoolean();
        RingReceiver.FrameHandler collect = (writer, buffer, offset, length) -> {
            Message m = codec.decode(buffer, offset, length);
            delivered.add(((ClientRequest) m).command().sequence());
        };
        long next = 1;
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(100);
            if (step == revokeAt) {
                long fence = receiver.revoke();
                fenceCount = 0;
                for (int i = 0; i < sent.size(); i++) if (sentEpoch.get(i) == 0 && sentTails.get(i) <= fence) fenceCount++;
            } else if (step == revokeAt + steps / 8) {
                // Drain what was published before the fence, then give the writer a new epoch.
                while (receiver.head() < fabric.tail()) receiver.poll(collect, Integer.MAX_VALUE);
                while (!fabric.quiet()) fabric.land();
                receiver.regrant();
                while (!fabric.quiet()) fabric.land();
                epoch = 1;
                sender = new RingSender(fabric.connect(SimFabric.RECEIVER, SimFabric.WRITER), new WireCodec(), senderMutants);
            } else if (action < 35) {
                byte[] payload = new byte[random.nextInt(0, capacity / 6)];
                random.nextBytes(payload);
                long seq = next;
                RingSender.Result r = sender.offer(new ClientRequest(new Command(1, seq, payload), false), step);
                if (r == RingSender.Result.SENT) {
                    next++;
                    sent.add(seq);
                    sentTails.add(sender.region().tail());
                    sentEpoch.add(epoch);
                } else if (r == RingSender.Result.FULL) {
                    fullRefusals++;
                }
            } else if (action < 85) {
                fabric.land();
            } else if (action < 90) {
                fabric.scribble();
            } else if (!slow || action >= 97) {
                receiver.poll(collect, slow ? 1 + random.nextInt(2) : Integer.MAX_VALUE);
                String v = check(sent, sentEpoch, delivered, receiver, fenceCount, false);
                if (v != null) return new Result(seed, sent.size(), delivered.size(), receiver.malformed(), fullRefusals, fenceCount >= 0, v);
            }
        }
        while (!fabric.quiet()) fabric.land();
        while (receiver.poll(collect, Integer.MAX_VALUE) > 0) { }
        String v = check(sent, sentEpoch, delivered, receiver, fenceCount, true);
        if (v == null && fabric.landedAfterRevocation() > 0) v = "fenced: " + fabric.landedAfterRevocation() + " publications landed after the revocation";
        return new Result(seed, sent.size(), delivered.size(), receiver.malformed(), fullRefusals, fenceCount >= 0, v);
    }

    private static String check(List<Long> sent, List<Integer> sentEpoch, List<Long> delivered, RingReceiver receiver, int fenceCount, boolean end) {
        if (receiver.malformed() > 0) return "intact: " + receiver.malformed() + " malformed records (a frame read before it was written)";
        // Delivered must be: a prefix of epoch 0's sent list (exactly fenceCount long once revoked and drained),
        // followed by a prefix of epoch 1's.
        int firstEpoch1 = 0;
        while (firstEpoch1 < sent.size() && sentEpoch.get(firstEpoch1) == 0) firstEpoch1++;
        int d = 0;
        while (d < delivered.size() && d < firstEpoch1 && delivered.get(d).equals(sent.get(d))) d++;
        int epoch0Delivered = d;
        if (fenceCount >= 0 && epoch0Delivered > fenceCount)
            return "fenced: " + epoch0Delivered + " of the first writer's messages delivered, only " + fenceCount + " were published before the revocation";
        for (int i = firstEpoch1; d < delivered.size(); i++, d++) {
            if (i >= sent.size() || !delivered.get(d).equals(sent.get(i)))
                return "intact: delivery " + d + " is message " + delivered.get(d) + ", expected " + (i < sent.size() ? sent.get(i) : "nothing")
                        + " (first writer delivered " + epoch0Delivered + ")";
        }
        if (end) {
            int expected0 = fenceCount >= 0 ? fenceCount : firstEpoch1;
            if (epoch0Delivered != expected0) return "complete: " + epoch0Delivered + " of the first writer's messages delivered, expected " + expected0;
            if (delivered.size() - epoch0Delivered != sent.size() - firstEpoch1)
                return "complete: the second writer sent " + (sent.size() - firstEpoch1) + ", delivered " + (delivered.size() - epoch0Delivered);
        }
        return null;
    }
}
