package io.decree.engine.storage.log;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What recovery found when a log was opened.
 *
 * @param segments  segment files read
 * @param records   intact records handed to the visitor
 * @param firstSequence sequence number of the first recovered record (or of the next one if none)
 * @param tornTail  the incomplete tail that was cut off, if any
 */
public record RecoveryReport(int segments, long records, long firstSequence, Optional<TornTail> tornTail) {

    /**
     * An incomplete last record (or unpublished bytes) discarded at recovery.
     *
     * @param file   the segment it was in
     * @param offset where the discarded bytes start
     * @param bytes  how many bytes were discarded
     * @param reason what was wrong with the first of them
     */
    public record TornTail(Path file, long offset, long bytes, String reason) {
        @Override public String toString() {
            return file + " at offset " + offset + ": discarded " + bytes + " bytes of torn tail (" + reason + ")";
        }
    }

    @Override public String toString() {
        return "recovered " + records + " records from " + segments + " segments"
                + tornTail.map(t -> "; " + t).orElse("");
    }
}
