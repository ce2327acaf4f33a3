package io.decree.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Histories of a real, correct execution, for tests and benchmarks of the checker: sequential clients issue
 * operations against an atomic store; each operation takes effect at a random instant inside its interval, and
 * outputs are computed by applying operations in that order. Such a history is linearizable by construction.
 *
 * <p>An operation with an unknown outcome (probability {@code unknownFraction}) is recorded without a return; it took
 * effect with probability 1/2, possibly long after the client gave up on it (a request that was still in flight), or
 * never. The client moves on after a timeout. A pure function of the seed.
 */
public final class SyntheticHistories {

    /**
     * Shape of the generated history.
     *
     * @param operations      number of operations
     * @param keys            distinct keys (ignored for the register)
     * @param clients         concurrent clients
     * @param unknownFraction probability that an operation's outcome is unknown
     * @param maxLatency      an operation's interval is 1..maxLatency ticks; think time between operations 0..maxLatency/2
     */
    public record Shape(int operations, int keys, int clients, double unknownFraction, int maxLatency) {
        public Shape {
            if (operations < 0 || keys < 1 || clients < 1 || maxLatency < 1 || unknownFraction < 0 || unknownFraction > 1) {
                throw new IllegalArgumentException("bad shape: operations=" + operations + " keys=" + keys
                        + " clients=" + clients + " unknownFraction=" + unknownFraction + " maxLatency=" + maxLatency
                        + " (need operations >= 0, keys, clients, maxLatency >= 1, unknownFraction in [0, 1])");
            }
        }
    }

    private SyntheticHistories() {
    }

    /** A key-value history: 40% get, 30% put, 20% cas, 10% delete; writes respond ack or the previous value. */
    public static History<KvOp<String, String>, OpResult<String>> keyValue(long seed, Shape shape) {
        Random random = new Random(seed);
        Map<String, String> lastWritten = new HashMap<>();
        List<Planned<KvOp<String, String>>> plan = schedule(random, shape, (r, id) -> {
            String key = "k" + r.nextInt(shape.keys());
            String value = "v" + id;
            int dice = r.nextInt(10);
            KvOp<String, String> op;
            if (dice < 4) {
                op = KvOp.get(key);
            } else if (dice < 7) {
                op = KvOp.put(key, value);
            } else if (dice < 9) {
                op = KvOp.cas(key, r.nextInt(4) == 0 ? null : lastWritten.get(key), value);
            } else {
                op = KvOp.delete(key);
            }
            if (!(op instanceof KvOp.Get<String, String>) && !(op instanceof KvOp.Delete<String, String>)) {
                lastWritten.put(key, value);
            }
            return op;
        });
        Map<String, String> store = new HashMap<>();
        return record(plan, (op, r) -> switch (op) {
            case KvOp.Get<String, String> g -> OpResult.value(store.get(g.key()));
            case KvOp.Put<String, String> p -> writeResponse(r, store.put(p.key(), p.value()));
            case KvOp.Delete<String, String> d -> writeResponse(r, store.remove(d.key()));
            case KvOp.Cas<String, String> c -> {
                boolean swapped = java.util.Objects.equals(store.get(c.key()), c.expected());
                if (swapped) {
                    store.put(c.key(), c.update());
                }
                yield OpResult.swapped(swapped);
            }
        }, random);
    }

    /** A register history: 50% read, 40% write, 10% cas. */
    public static History<RegisterOp<String>, OpResult<String>> register(long seed, Shape shape) {
        Random random = new Random(seed);
        String[] last = {null};
        List<Planned<RegisterOp<String>>> plan = schedule(random, shape, (r, id) -> {
            int dice = r.nextInt(10);
            String value = "v" + id;
            if (dice < 5) {
                return RegisterOp.read();
            }
            String expected = last[0];
            last[0] = value;
            return dice < 9 ? RegisterOp.write(value) : RegisterOp.cas(expected, value);
        });
        String[] register = {null};
        return record(plan, (op, r) -> switch (op) {
            case RegisterOp.Read<String> read -> OpResult.value(register[0]);
            case RegisterOp.Write<String> w -> {
                register[0] = w.value();
                yield OpResult.ack();
            }
            case RegisterOp.Cas<String> c -> {
                boolean swapped = java.util.Objects.equals(register[0], c.expected());
                if (swapped) {
                    register[0] = c.update();
                }
                yield OpResult.swapped(swapped);
            }
        }, random);
    }

    private static OpResult<String> writeResponse(Random random, String previous) {
        return random.nextBoolean() ? OpResult.ack() : OpResult.value(previous);
    }

    private interface Generator<I> {
        I next(Random random, int id);
    }

    private interface Store<I> {
        OpResult<String> apply(I op, Random random);
    }

    /** An operation's timing: invoked, takes effect (Long.MAX_VALUE: never), returns (Operation.NEVER: unknown). */
    private record Planned<I>(int id, int client, I input, long invoke, long effect, long ret) {
    }

    private static <I> List<Planned<I>> schedule(Random random, Shape shape, Generator<I> generator) {
        PriorityQueue<long[]> free = new PriorityQueue<>(Comparator.<long[]>comparingLong(c -> c[0])
                .thenComparingLong(c -> c[1]));
        for (int c = 0; c < shape.clients(); c++) {
            free.add(new long[] {random.nextInt(shape.maxLatency()), c});
        }
        List<Planned<I>> plan = new ArrayList<>(shape.operations());
        for (int id = 0; id < shape.operations(); id++) {
            long[] client = free.poll();
            long invoke = client[0];
            int latency = 1 + random.nextInt(shape.maxLatency());
            I input = generator.next(random, id);
            long ret;
            long effect;
            long nextFree;
            if (random.nextDouble() < shape.unknownFraction()) {
                ret = Operation.NEVER;
                // In flight: it may still land after the client's timeout, or be lost.
                effect = random.nextBoolean() ? invoke + random.nextInt(3 * shape.maxLatency() + 1) : Long.MAX_VALUE;
                nextFree = invoke + 2L * shape.maxLatency();
            } else {
                ret = invoke + latency;
                effect = invoke + random.nextInt(latency + 1);
                nextFree = ret;
            }
            plan.add(new Planned<>(id, (int) client[1], input, invoke, effect, ret));
            client[0] = nextFree + random.nextInt(shape.maxLatency() / 2 + 1);
            free.add(client);
        }
        return plan;
    }

    private static <I> History<I, OpResult<String>> record(List<Planned<I>> plan, Store<I> store, Random random) {
        List<Planned<I>> byEffect = new ArrayList<>();
        for (Planned<I> p : plan) {
            if (p.effect() != Long.MAX_VALUE) {
                byEffect.add(p);
            }
        }
        byEffect.sort(Comparator.<Planned<I>>comparingLong(Planned::effect).thenComparingInt(Planned::id));
        Map<Integer, OpResult<String>> outputs = new HashMap<>();
        for (Planned<I> p : byEffect) {
            outputs.put(p.id(), store.apply(p.input(), random));
        }
        List<Operation<I, OpResult<String>>> ops = new ArrayList<>(plan.size());
        for (Planned<I> p : plan) {
            ops.add(p.ret() == Operation.NEVER
                    ? Operation.unknownOutcome(p.id(), p.client(), p.input(), p.invoke())
                    : Operation.completed(p.id(), p.client(), p.input(), outputs.get(p.id()), p.invoke(), p.ret()));
        }
        return History.of(ops);
    }
}
