package io.decree.contracts.translate;

/** A lexical token of a JML annotation, at its line and column in the original source file. */
record Token(Kind kind, String text, int line, int column, int start, int end) {
    enum Kind { IDENT, BACKSLASH_WORD, NUMBER, STRING, CHAR, OPERATOR }

    boolean is(String s) {
        return text.equals(s);
    }

    boolean isOpen() {
        return kind == Kind.OPERATOR && (text.equals("(") || text.equals("[") || text.equals("{"));
    }

    boolean isClose() {
        return kind == Kind.OPERATOR && (text.equals(")") || text.equals("]") || text.equals("}"));
    }
}
