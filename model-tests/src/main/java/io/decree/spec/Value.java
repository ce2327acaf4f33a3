package io.decree.spec;

/**
 * A value a leader may propose in a slot (TLA+ {@code Proposable}): a client value (a decree; opaque to the
 * spec, e.g. the engine's decree bytes or their hash), {@link #NOOP}, or, in the reconfiguration spec, a
 * configuration change.
 */
public sealed interface Value permits Value.Client, Value.NoOp, Value.ConfigChange {
    /** TLA+ {@code NoOp}: what a leader proposes to fill a slot with nothing. */
    Value NOOP = NoOp.INSTANCE;

    /** A client value, known only by its identity {@code id}. */
    record Client(String id) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Client c && c.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        public Client {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("a client value needs a non-empty id");
            }
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** NoOp. */
    enum NoOp implements Value {
        INSTANCE;

        @Override
        public String toString() {
            return "NoOp";
        }
    }

    /** A configuration change chosen through the log (TLA+ {@code [config |-> C]}). */
    record ConfigChange(Config config) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof ConfigChange c && c.config.equals(config);
        }

        @Override
        public int hashCode() {
            return config.hashCode();
        }

        @Override
        public String toString() {
            return "[config |-> " + config + "]";
        }
    }

    static Value client(String id) {
        return new Client(id);
    }

    /** An opaque client value from the engine's decree bytes (hex of the bytes; pass a hash for large decrees). */
    static Value client(byte[] decree) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : decree) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return new Client(sb.toString());
    }

    static Value configChange(Config c) {
        return new ConfigChange(c);
    }
}
