package io.decree.spec;

/**
 * The four messages of the protocol (TLA+ {@code Msg1a}, {@code Msg1b}, {@code Msg2a}, {@code Msg2b}). Messages
 * are values: equal fields, same message. The network is the set of every message ever sent.
 */
public sealed interface Msg permits Msg.M1a, Msg.M1b, Msg.M2a, Msg.M2b {
    Ballot bal();

    /** 1a: "promise ballot {@code bal} and report your votes" (covers every slot). */
    record M1a(Ballot bal) implements Msg {
        @Override
        public boolean equals(Object o) {
            return o instanceof M1a m && m.bal.equals(bal);
        }

        @Override
        public int hashCode() {
            return bal.hashCode();
        }

        @Override
        public String toString() {
            return "[type |-> \"1a\", bal |-> " + bal + "]";
        }
    }

    /** 1b: acceptor {@code acc} promised {@code bal}; {@code votes} are all its votes at that moment. */
    record M1b(int acc, Ballot bal, SlotMap<Vote> votes) implements Msg {
        @Override
        public boolean equals(Object o) {
            return o instanceof M1b m && m.acc == acc && m.bal.equals(bal) && m.votes.equals(votes);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * acc + bal.hashCode()) + votes.hashCode();
        }

        @Override
        public String toString() {
            return "[type |-> \"1b\", acc |-> " + acc + ", bal |-> " + bal + ", votes |-> " + votes + "]";
        }
    }

    /**
     * 2a: the leader of {@code bal} proposes {@code val} in {@code slot}. {@code cfg} is the configuration whose
     * quorums decide the slot (always all replicas in the static spec, where TLA+ has no such field: a constant
     * field does not change the number of distinct messages).
     */
    record M2a(Ballot bal, long slot, Value val, Config cfg) implements Msg {
        @Override
        public boolean equals(Object o) {
            return o instanceof M2a m && m.slot == slot && m.bal.equals(bal) && m.val.equals(val) && m.cfg.equals(cfg);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * bal.hashCode() + Long.hashCode(slot)) + val.hashCode()) + cfg.hashCode();
        }

        @Override
        public String toString() {
            return "[type |-> \"2a\", bal |-> " + bal + ", slot |-> " + slot + ", val |-> " + val + ", cfg |-> " + cfg + "]";
        }
    }

    /** 2b: acceptor {@code acc} voted for {@code val} in {@code slot} at ballot {@code bal}. */
    record M2b(int acc, Ballot bal, long slot, Value val) implements Msg {
        @Override
        public boolean equals(Object o) {
            return o instanceof M2b m && m.acc == acc && m.slot == slot && m.bal.equals(bal) && m.val.equals(val);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * acc + bal.hashCode()) + Long.hashCode(slot)) + val.hashCode();
        }

        @Override
        public String toString() {
            return "[type |-> \"2b\", acc |-> " + acc + ", bal |-> " + bal + ", slot |-> " + slot + ", val |-> " + val + "]";
        }
    }
}
