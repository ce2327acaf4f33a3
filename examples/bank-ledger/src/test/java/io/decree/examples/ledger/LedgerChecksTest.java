package io.decree.examples.ledger;

import io.decree.engine.statemachine.StateMachine;
import io.decree.lin.Model;
import io.decree.testkit.StateMachineChecks;
import io.decree.testkit.StateMachineContract;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The whole of what a user writes to have Decree's kit check their state machine: how to make one, what clients
 * send, the model, and an invariant. JUnit runs linearizability and replica/snapshot checks for 20 seeds, and the
 * ledger replicated by Decree's engine inside the Paxos simulator under faults for 5 (the invariant checked on every
 * replica after every step, snapshots installed, the clients' history against the model).
 */
@StateMachineChecks(seeds = 20, clients = 4, operations = 150)
class LedgerChecksTest implements StateMachineContract<List<Long>> {

    static final int ACCOUNTS = 4;
    static final long INITIAL = 100;

    @Override
    public StateMachine newStateMachine() {
        return new LedgerStateMachine(ACCOUNTS, INITIAL);
    }

    @Override
    public byte[] nextCommand(SplittableRandom random, int client) {
        int roll = random.nextInt(10);
        if (roll < 6) {
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            return LedgerCommand.transfer(from, to, random.nextInt(1, 80));
        }
        return roll < 9 ? LedgerCommand.balance(random.nextInt(ACCOUNTS)) : LedgerCommand.total();
    }

    @Override
    public Model<List<Long>, byte[], byte[]> model() {
        return new LedgerModel(ACCOUNTS, INITIAL);
    }

    @Override
    public boolean isQuery(byte[] command) {
        return command[0] != LedgerCommand.TRANSFER;
    }

    @Override
    public String invariant(StateMachine machine) {
        long total = ((LedgerStateMachine) machine).total();
        return total == ACCOUNTS * INITIAL ? null : "the total is " + total + ", not " + ACCOUNTS * INITIAL;
    }

    @Override
    public String describeCommand(byte[] command) {
        return LedgerCommand.decode(command, ACCOUNTS).toString();
    }
}
