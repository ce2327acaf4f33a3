package io.decree.engine.wire;

/**
 * The first frame on every connection, in both directions: the sender's role and id. The receiver checks
 * it against the identity the TLS handshake authenticated; the frame itself proves nothing.
 * Payload: {@code role u8 (1 replica, 2 client) | nodeId i64}.
 */
public record Hello(Role role, long nodeId) {
    public Hello {
        if (role == null) throw new IllegalArgumentException("hello needs a role");
    }

    public enum Role {
        REPLICA(1), CLIENT(2);

        private final int code;

        Role(int code) { this.code = code; }

        public int code() { return code; }

        /** The role of a code, or null if none has it. */
        public static Role ofCode(int code) {
            return switch (code) {
                case 1 -> REPLICA;
                case 2 -> CLIENT;
                default -> null;
            };
        }
    }

    public static final int PAYLOAD_LENGTH = 1 + 8;
}
