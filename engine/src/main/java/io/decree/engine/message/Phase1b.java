package io.decree.engine.message;

import io.decree.engine.protocol.Decree;
import java.util.List;

/**
 * An acceptor's promise for {@code ballot}, with its latest vote in every slot from
 * {@code max(fromSlot, compactedBelow)} on, so the new leader can adopt the value that may already have
 * been chosen. Slots below {@code compactedBelow} are chosen and covered by the acceptor's snapshot, their
 * votes dropped: the leader must learn them (catch-up or snapshot), never propose in them.
 */
public record Phase1b(long ballot, long fromSlot, long compactedBelow, List<Vote> votes) implements Message {
    /** The acceptor's latest vote in a slot. */
    public record Vote(long slot, long ballot, Decree decree) {}
}
