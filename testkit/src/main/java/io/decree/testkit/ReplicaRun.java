package io.decree.testkit;

import io.decree.engine.statemachine.MalformedCommandException;
import io.decree.engine.statemachine.StateMachine;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replicas applying one chosen log, as Decree's replicas do: replica 0 applies every command; replica 1 is
 * restarted again and again from a snapshot of replica 0 (a fresh instance, then {@link StateMachine#restore}), as a
 * lagging replica catches up by state transfer; the others apply the log from the start. After every command all
 * replicas must return the same result and have the same digest; a restored replica's snapshot must equal its
 * source's. A malformed snapshot (a truncated one) must either be refused with {@link MalformedCommandException},
 * leaving the state unchanged, or be accepted whole.
 */
final class ReplicaRun {

    private ReplicaRun() {
    }

    /** Returns null when every property holds, else what broke. */
    static String check(StateMachineContract<?> contract, Settings settings, List<byte[]> log, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5A17L);
        StateMachine[] replicas = new StateMachine[settings.replicas()];
        for (int r = 0; r < replicas.length; r++) {
            replicas[r] = contract.newStateMachine();
        }
        int restores = 0;
        for (int i = 0; i < log.size(); i++) {
            if (random.nextInt(10) == 0) { // replica 1 falls behind and catches up from replica 0's snapshot
                byte[] snapshot = replicas[0].snapshot();
                String refused = malformedSnapshotRefused(contract, snapshot, i);
                if (refused != null) {
                    return refused;
                }
                StateMachine restored = contract.newStateMachine();
                restored.restore(snapshot.clone());
                if (!Arrays.equals(restored.snapshot(), snapshot)) {
                    return "after command " + i + ": a replica restored from a snapshot takes a different snapshot:"
                            + " source " + hex(snapshot) + ", restored " + hex(restored.snapshot());
                }
                replicas[1] = restored;
                restores++;
            }
            byte[] command = log.get(i);
            byte[] expected = null;
            for (int r = 0; r < replicas.length; r++) {
                byte[] result = replicas[r].apply(command);
                if (r == 0) {
                    expected = result;
                } else if (!Arrays.equals(expected, result)) {
                    return "command " + i + " (" + contract.describeCommand(command) + ") returns " + hex(expected)
                            + " on replica 0 but " + hex(result) + " on replica " + r
                            + (r == 1 && restores > 0 ? " (restored from a snapshot " + restores + " time(s))" : "");
                }
            }
            for (int r = 1; r < replicas.length; r++) {
                if (replicas[r].digest() != replicas[0].digest()) {
                    return "after command " + i + " (" + contract.describeCommand(command) + "): replica " + r
                            + "'s digest differs from replica 0's" + (r == 1 && restores > 0
                            ? " (replica 1 was restored from a snapshot " + restores + " time(s))" : "");
                }
            }
            String invariant = contract.invariant(replicas[0]);
            if (invariant != null) {
                return "after command " + i + " (" + contract.describeCommand(command) + "): invariant broken: "
                        + invariant;
            }
        }
        return null;
    }

    private static String malformedSnapshotRefused(StateMachineContract<?> contract, byte[] snapshot, int at) {
        if (snapshot.length == 0) {
            return null;
        }
        StateMachine target = contract.newStateMachine();
        long before = target.digest();
        try {
            target.restore(Arrays.copyOf(snapshot, snapshot.length - 1));
        } catch (MalformedCommandException refused) {
            if (target.digest() != before) {
                return "after command " + at + ": restore refused a truncated snapshot but changed the state";
            }
        }
        return null;
    }

    private static String hex(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String h = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
        return bytes.length > 32 ? h + "... (" + bytes.length + " bytes)" : h;
    }
}
