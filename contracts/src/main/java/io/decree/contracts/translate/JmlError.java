package io.decree.contracts.translate;

/** One problem at a position, raised while translating and collected into a {@link JmlException}. */
final class JmlError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int line;
    final int column;

    JmlError(int line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    JmlError(Token at, String message) {
        this(at.line(), at.column(), message);
    }
}
