package io.decree.engine.net.tls;

import io.decree.engine.protocol.Ballot;

/**
 * Who a certificate names: a replica ({@code CN=replica-<id>}, id in [1, {@link Ballot#MAX_REPLICA_ID}]) or a
 * client ({@code CN=client-<id>}, id positive). The TLS handshake proves the peer holds the key of a
 * certificate the cluster CA signed; this name is what that certificate says the peer is, and the only
 * identity the transport trusts (the HELLO frame must repeat it).
 */
public record NodeName(Role role, long id) {

    /** The two kinds of peers; {@code code} is the role byte of the HELLO frame. */
    public enum Role {
        REPLICA(1, "replica"), CLIENT(2, "client");

        public final int code;
        public final String prefix;

        Role(int code, String prefix) {
            this.code = code;
            this.prefix = prefix;
        }

        /** The role of a HELLO role byte, or null for an unknown one. */
        public static Role ofCode(int code) {
            for (Role r : values()) if (r.code == code) return r;
            return null;
        }
    }

    public NodeName {
        if (role == null) throw new IllegalArgumentException("node name has no role");
        if (id < 1 || (role == Role.REPLICA && id > Ballot.MAX_REPLICA_ID))
            throw new IllegalArgumentException(role.prefix + " id " + id + " is out of range");
    }

    public static NodeName replica(int id) { return new NodeName(Role.REPLICA, id); }

    public static NodeName client(long id) { return new NodeName(Role.CLIENT, id); }

    /**
     * Parses a common name such as {@code replica-3} or {@code client-7}; throws
     * {@link IllegalArgumentException} naming what is wrong with anything else.
     */
    public static NodeName parse(String commonName) {
        if (commonName == null) throw new IllegalArgumentException("certificate has no common name");
        for (Role r : Role.values()) {
            String prefix = r.prefix + "-";
            if (commonName.startsWith(prefix)) {
                String digits = commonName.substring(prefix.length());
                if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 18)
                    throw new IllegalArgumentException("common name '" + commonName + "': '" + digits + "' is not a decimal id");
                return new NodeName(r, Long.parseLong(digits));
            }
        }
        throw new IllegalArgumentException("common name '" + commonName + "' names neither a replica-<id> nor a client-<id>");
    }

    public boolean isReplica() { return role == Role.REPLICA; }

    @Override public String toString() { return role.prefix + "-" + id; }
}
