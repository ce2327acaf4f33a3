package io.decree.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns messages: each distinct message gets a small id, so a state's message set is a sorted {@code int[]}
 * (compact to store and hash, cheap to copy on send). One table per model-checking run or replay session;
 * ids mean nothing across tables.
 */
public final class MsgTable {
    private final Map<Msg, Integer> ids = new HashMap<>();
    private final List<Msg> msgs = new ArrayList<>();

    public int id(Msg m) {
        Integer id = ids.get(m);
        if (id != null) {
            return id;
        }
        int fresh = msgs.size();
        ids.put(m, fresh);
        msgs.add(m);
        return fresh;
    }

    public Msg msg(int id) {
        return msgs.get(id);
    }

    public int size() {
        return msgs.size();
    }
}
