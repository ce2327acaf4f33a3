package io.decree.engine.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * The value Paxos chooses for one slot: a batch of client commands, a no-op that fills a slot a new
 * leader found empty, or a configuration change (TLA+ {@code [config |-> C]}), which governs the slots
 * {@code alpha} after its own (see {@link ConfigHistory}). Batching many commands into one decree is what makes one round of Phase 2 pay for
 * many commands. Immutable; its encoding (see {@link DecreeCodec}) is computed once and cached, since it
 * is what storage persists and what equality and the trace's value identity are defined on.
 */
public final class Decree {
    public static final Decree NOOP = new Decree(new Command[0]);

    private static final Command[] NO_COMMANDS = new Command[0];

    private final Command[] commands;
    /** The configuration a change decree installs; null for batches and the no-op. */
    private final Configuration configuration;
    private byte[] encoded;
    private long fingerprint;

    private Decree(Command[] commands) { this(commands, null); }

    private Decree(Command[] commands, Configuration configuration) {
        this.commands = commands;
        this.configuration = configuration;
    }

    /** A configuration change to {@code configuration}: chosen in slot i, it governs slots from i + alpha. */
    public static Decree reconfiguration(Configuration configuration) {
        if (configuration == null) throw new IllegalArgumentException("a reconfiguration decree needs a configuration");
        return new Decree(NO_COMMANDS, configuration);
    }

    public static Decree batch(List<Command> commands) {
        if (commands.isEmpty()) throw new IllegalArgumentException("a batch decree needs at least one command");
        return new Decree(commands.toArray(new Command[0]));
    }

    /**
     * A batch decree read off the wire together with its encoding: {@code encoding} must be exactly
     * {@link DecreeCodec}'s encoding of {@code commands} (the wire decoder checks that a decree has one
     * canonical encoding before it calls this), and both arrays are kept, not copied. The decree is then
     * never encoded again: storage and retransmissions use these bytes.
     */
    public static Decree batchWithEncoding(Command[] commands, byte[] encoding) {
        if (commands.length == 0) throw new IllegalArgumentException("a batch decree needs at least one command");
        Decree d = new Decree(commands);
        d.encoded = encoding;
        return d;
    }

    static Decree ofArray(Command[] commands) { return commands.length == 0 ? NOOP : new Decree(commands); }

    public boolean isNoop() { return commands.length == 0 && configuration == null; }

    public boolean isReconfiguration() { return configuration != null; }

    /** The configuration this change decree installs, or null if it is not one. */
    public Configuration configuration() { return configuration; }

    public int size() { return commands.length; }

    public Command command(int index) { return commands[index]; }

    public List<Command> commands() { return List.of(commands); }

    /** The canonical encoding; shared, do not modify. */
    public byte[] encoded() {
        byte[] e = encoded;
        if (e == null) encoded = e = DecreeCodec.encodeToArray(this);
        return e;
    }

    /** A 64-bit hash of the encoding (FNV-1a), a compact identity for traces and state digests. */
    public long fingerprint() {
        long f = fingerprint;
        if (f == 0) {
            f = 0xcbf29ce484222325L;
            for (byte b : encoded()) f = (f ^ (b & 0xff)) * 0x100000001b3L;
            if (f == 0) f = 1;
            fingerprint = f;
        }
        return f;
    }

    @Override public boolean equals(Object o) {
        return this == o || (o instanceof Decree d && Arrays.equals(encoded(), d.encoded()));
    }

    @Override public int hashCode() { return Long.hashCode(fingerprint()); }

    @Override public String toString() {
        return isNoop() ? "noop" : configuration != null ? "config" + configuration : Arrays.toString(commands);
    }
}
