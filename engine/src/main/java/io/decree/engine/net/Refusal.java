package io.decree.engine.net;

/**
 * Why a connection was refused before it could carry a single message (it then changed no state). Each
 * refusal is logged with its reason and counted in {@link NetStats}.
 */
public enum Refusal {
    /** The TLS handshake failed: a plaintext peer, a certificate from another CA, an expired one, no certificate. */
    TLS,
    /** The CA-signed certificate's common name is neither {@code replica-<id>} nor {@code client-<id>}. */
    BAD_NAME,
    /** A replica certificate whose id is not in the configured membership (or is this replica's own id). */
    NOT_MEMBER,
    /** The certificate's role is not accepted here (a client certificate speaking as a replica, a replica where a client was expected...). */
    WRONG_ROLE,
    /** The dialed listener is a different replica than the one we meant to reach. */
    WRONG_PEER,
    /** The HELLO frame names another node than the certificate. */
    HELLO_MISMATCH,
    /** The first frame was not a well-formed HELLO. */
    BAD_HELLO,
    /** TLS and HELLO did not complete in time. */
    HELLO_TIMEOUT,
    /** A replica with a higher id dialed us: by the connection rule (docs/network.md) the lower id dials. */
    DIAL_RULE,
    /** The client side is not served by this transport (no client handler). */
    NO_CLIENTS
}
