package io.decree.server.verify;

import io.decree.engine.statemachine.MalformedCommandException;
import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.Model;
import io.decree.testkit.StateMachineContract;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A user's state machine for {@code verify --state-machine}'s test: a counter (1 = increment, 0 = read), its
 * model, and an invariant (never negative). {@link #restoreAddsOne} plants a snapshot bug.
 */
public class CounterContract implements StateMachineContract<Long> {
    static volatile boolean restoreAddsOne;

    static final class Counter implements StateMachine {
        long value;

        @Override public void validate(byte[] command) {
            if (command.length != 1 || command[0] > 1 || command[0] < 0) throw new MalformedCommandException("a counter command is one byte, 0 or 1");
        }

        @Override public byte[] apply(byte[] command) {
            validate(command);
            if (command[0] == 1) value++;
            return ByteBuffer.allocate(8).putLong(value).array();
        }

        @Override public byte[] snapshot() { return ByteBuffer.allocate(8).putLong(value).array(); }

        @Override public void restore(byte[] snapshot) {
            if (snapshot.length != 8) throw new MalformedCommandException("a counter snapshot is 8 bytes");
            value = ByteBuffer.wrap(snapshot).getLong() + (restoreAddsOne ? 1 : 0);
        }

        @Override public long digest() { return value * 31 + 7; }
    }

    @Override public StateMachine newStateMachine() { return new Counter(); }

    @Override public byte[] nextCommand(SplittableRandom random, int client) { return new byte[] {(byte) (random.nextInt(3) == 0 ? 0 : 1)}; }

    @Override public Model<Long, byte[], byte[]> model() {
        return new Model<>() {
            @Override public Long init() { return 0L; }

            @Override public Optional<Long> step(Long state, byte[] input, byte[] output) {
                long next = input[0] == 1 ? state + 1 : state;
                return ByteBuffer.wrap(output).getLong() == next ? Optional.of(next) : Optional.empty();
            }

            @Override public Optional<Long> stepUnknown(Long state, byte[] input) { return Optional.of(input[0] == 1 ? state + 1 : state); }
        };
    }

    @Override public String invariant(StateMachine machine) { return ((Counter) machine).value >= 0 ? null : "negative count"; }
}
