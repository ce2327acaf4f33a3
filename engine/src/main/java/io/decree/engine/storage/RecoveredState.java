package io.decree.engine.storage;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What an {@link AcceptorStorage} read back at start: the highest promise, the latest vote per slot and
 * the chosen decrees. Maps are ordered by slot.
 */
public record RecoveredState(long promised, NavigableMap<Long, Vote> votes, NavigableMap<Long, byte[]> chosen) {

    /** A vote for {@code decree} cast at {@code ballot}. */
    public record Vote(long ballot, byte[] decree) {}

    public static RecoveredState empty() {
        return new RecoveredState(0L, Collections.emptyNavigableMap(), Collections.emptyNavigableMap());
    }

    /** Builds a recovered state by replaying records in the order they were made durable. */
    public static final class Builder {
        private long promised;
        private final TreeMap<Long, Vote> votes = new TreeMap<>();
        private final TreeMap<Long, byte[]> chosen = new TreeMap<>();
        private long truncatedBelow;

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

        public RecoveredState build() {
            return new RecoveredState(promised, Collections.unmodifiableNavigableMap(new TreeMap<>(votes)),
                    Collections.unmodifiableNavigableMap(new TreeMap<>(chosen)));
        }
    }
}
