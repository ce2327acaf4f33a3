package io.decree.lin.jepsen;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The skeleton the EDN and JSON readers share: a cursor over the text, the position where each collection
 * began (so an error about a whole event can point at it), and reading every top-level form in turn.
 */
abstract class LocatingReader implements Located {
    protected final Cursor in;
    protected final Map<Object, Cursor.Mark> positions = new IdentityHashMap<>();
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
        Cursor.Mark at = positions.get(form);
        return at == null ? in.error(problem) : in.error(at, problem);
    }

    /**
     * Remembers where {@code form}, a collection, began, if it can be an event: a top-level form or an element of a
     * top-level collection (the only forms errors point at). Deeper ones (an event's values) are not kept: on a
     * 40,000-event history that was 80,000 more entries in an identity map, a tenth of the import.
     */
    protected final <T> T located(T form, Cursor.Mark at) {
        if (nesting <= 1) {
            positions.put(form, at);
        }
        return form;
    }

    /** One form at the cursor (after any space). */
    protected abstract Object read();

    /** Skips what the format treats as space (EDN: commas and comments too). */
    protected abstract void skipSpace();
}
