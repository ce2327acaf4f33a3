package io.decree.lin.jepsen;

import java.util.ArrayList;
import java.util.List;

/**
 * The skeleton the EDN and JSON readers share: a cursor over the text, the position where each collection
 * began (so an error about a whole event can point at it), and reading every top-level form in turn.
 */
abstract class LocatingReader implements Located {
    protected final Cursor in;
    /**
     * The forms errors can point at and where each began, in reading order: two lists, not an identity map, since
     * they are looked up only when an import fails (a scan then) and hashing every event into a growing map was a
     * tenth of a small history's import.
     */
    private final List<Object> locatedForms = new ArrayList<>();
    private final List<Cursor.Mark> locatedAt = new ArrayList<>();
    /** Collections open around the cursor: 0 at top level. */
    protected int nesting;

    protected LocatingReader(String source, String text) {
        this.in = new Cursor(source, text);
    }

    /** Every top-level form, in order. */
    public final List<Object> readAll() {
        List<Object> forms = new ArrayList<>();
        skipSpace();
        while (!in.atEnd()) {
            forms.add(read());
            skipSpace();
        }
        return forms;
    }

    @Override
    public final MalformedHistoryException error(Object form, String problem) {
        Cursor.Mark at = null;
        for (int i = locatedForms.size() - 1; i >= 0 && at == null; i--) { // by identity, as the events are
            if (locatedForms.get(i) == form) {
                at = locatedAt.get(i);
            }
        }
        return at == null ? in.error(problem) : in.error(at, problem);
    }

    /**
     * Remembers where {@code form}, a collection, began, if it can be an event: a top-level form or an element of a
     * top-level collection (the only forms errors point at). Deeper ones (an event's values) are not kept: on a
     * 40,000-event history that was 80,000 more entries to keep.
     */
    protected final <T> T located(T form, Cursor.Mark at) {
        if (nesting <= 1) {
            locatedForms.add(form);
            locatedAt.add(at);
        }
        return form;
    }

    /** One form at the cursor (after any space). */
    protected abstract Object read();

    /** Skips what the format treats as space (EDN: commas and comments too). */
    protected abstract void skipSpace();
}
