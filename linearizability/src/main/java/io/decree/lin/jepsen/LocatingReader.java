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

    /** One form at the cursor (after any space). */
    protected abstract Object read();

    /** Skips what the format treats as space (EDN: commas and comments too). */
    protected abstract void skipSpace();
}
