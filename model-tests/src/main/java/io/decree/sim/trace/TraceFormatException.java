package io.decree.sim.trace;

import java.nio.file.Path;

/** A trace file that does not follow the NDJSON trace format: names the file, the line and what was wrong. */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
