package io.decree.lin.jepsen;

/**
 * A history file that cannot be read: the message names the file position (line, column and character offset,
 * all from 1 except the offset, from 0) and what was expected there, so the user can fix the file.
 */
public final class MalformedHistoryException extends IllegalArgumentException {

    private final int line;
    private final int column;
    private final int offset;

    public MalformedHistoryException(String source, int line, int column, int offset, String problem) {
        super(source + ":" + line + ":" + column + " (offset " + offset + "): " + problem);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public int offset() {
        return offset;
    }
}
