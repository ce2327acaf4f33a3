package io.decree.engine.storage;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What an {@link AcceptorStorage} read back at start: the highest promise, the latest vote per slot, the
 * chosen decrees, and the latest snapshot. Maps are ordered by slot.
 *
 * @param snapshotSlot the snapshot's nextSlot (it covers every slot below it), 0 when there is none
 * @param snapshot     the snapshot's bytes as saved, {@code null} when there is none
 */
public record RecoveredState(long promised, NavigableMap<Long, Vote> votes, NavigableMap<Long, byte[]> chosen,
                             long snapshotSlot, byte[] snapshot) {

    /** A vote for {@code decree} cast at {@code ballot}. */
    public record Vote(long ballot, byte[] decree) {}

    public RecoveredState {
        if (snapshotSlot < 0) throw new IllegalArgumentException("snapshotSlot must be >= 0: " + snapshotSlot);
        if ((snapshot == null) != (snapshotSlot == 0)) {
            throw new IllegalArgumentException("a snapshot needs a nextSlot >= 1 and a slot needs its snapshot: slot "
                    + snapshotSlot + ", snapshot " + (snapshot == null ? "none" : snapshot.length + " bytes"));
        }
    }

    /** The state as it was before any snapshot support: no snapshot. */
    public RecoveredState(long promised, NavigableMap<Long, Vote> votes, NavigableMap<Long, byte[]> chosen) {
        this(promised, votes, chosen, 0L, null);
    }

    public static RecoveredState empty() {
        return new RecoveredState(0L, Collections.emptyNavigableMap(), Collections.emptyNavigableMap());
    }

    /** Whether a snapshot was recovered. */
    public boolean hasSnapshot() { return snapshot != null; }

    /** Builds a recovered state by replaying records in the order they were made durable. */
    public static final class Builder {
        private long promised;
        private final TreeMap<Long, Vote> votes = new TreeMap<>();
        private final TreeMap<Long, byte[]> chosen = new TreeMap<>();
        private long truncatedBelow;
        private long snapshotSlot;
        private byte[] snapshot;

        public Builder promise(long ballot) {
            promised = Math.max(promised, ballot);
            return this;
        }

        public Builder vote(long slot, long ballot, byte[] decree) {
            if (slot < truncatedBelow) return this;
            Vote previous = votes.get(slot);
            if (previous == null || previous.ballot() <= ballot) votes.put(slot, new Vote(ballot, decree));
            promised = Math.max(promised, ballot);
            return this;
        }

        public Builder chosen(long slot, byte[] decree) {
            if (slot >= truncatedBelow) chosen.put(slot, decree);
            return this;
        }

        public Builder truncateBelow(long slot) {
            truncatedBelow = Math.max(truncatedBelow, slot);
            votes.headMap(slot, false).clear();
            chosen.headMap(slot, false).clear();
            return this;
        }

        /** Replaces the snapshot with one covering every slot below {@code nextSlot}; it must move forward. */
        public Builder snapshot(long nextSlot, byte[] bytes) {
            if (nextSlot <= snapshotSlot) {
                throw new IllegalArgumentException("snapshot for slots below " + nextSlot
                        + " is not newer than the stored one, which covers slots below " + snapshotSlot);
            }
            // Checked before anything changes: a refused snapshot must leave the builder as it was.
            snapshot = java.util.Objects.requireNonNull(bytes, "snapshot bytes");
            snapshotSlot = nextSlot;
            return this;
        }

        /** The highest truncation point replayed so far (0 if none). */
        public long truncatedBelow() { return truncatedBelow; }

        /** The snapshot's nextSlot so far (0 if none). */
        public long snapshotSlot() { return snapshotSlot; }

        public RecoveredState build() {
            return new RecoveredState(promised, Collections.unmodifiableNavigableMap(new TreeMap<>(votes)),
                    Collections.unmodifiableNavigableMap(new TreeMap<>(chosen)), snapshotSlot, snapshot);
        }
    }
}
