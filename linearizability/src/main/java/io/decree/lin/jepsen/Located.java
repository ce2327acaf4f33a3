package io.decree.lin.jepsen;

/** A reader that remembers where each map and collection it read began, to point errors at them. */
interface Located {

    /** An error placed at the start of {@code form} (or at the reader's position if it is not a collection). */
    MalformedHistoryException error(Object form, String problem);

    /** "line L, column C" where {@code form} began, for messages that point at a second place. */
    default String where(Object form) {
        MalformedHistoryException at = error(form, "");
        return "line " + at.line() + ", column " + at.column();
    }
}
