package io.decree.spec;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns messages: each distinct message gets a small id, so a state's message set is a sorted {@code int[]}
 * (compact to store and hash, cheap to copy on send). One table per model-checking run or replay session;
 * ids mean nothing across tables.
 *
 * <p>Safe for the parallel model checker's workers: a lookup of a known message takes no lock; a new one is
 * numbered under the table's lock and published through a volatile array, so any thread holding a state
 * (handed over through the checker's executor, hence after the id was assigned) can read its messages.
 * Ids depend on which worker meets a message first; equality of states does not, so counts do not either.
 */
public final class MsgTable {
    private final ConcurrentHashMap<Msg, Integer> ids = new ConcurrentHashMap<>();
    private volatile Msg[] msgs = new Msg[64];
    private int size;   // guarded by this

    public int id(Msg m) {
        Integer id = ids.get(m);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            id = ids.get(m);
            if (id != null) {
                return id;
            }
            int fresh = size;
            Msg[] a = msgs;
            if (fresh == a.length) {
                a = Arrays.copyOf(a, fresh * 2);
            }
            a[fresh] = m;
            msgs = a;           // volatile write publishes the entry before the id escapes
            size = fresh + 1;
            ids.put(m, fresh);
            return fresh;
        }
    }

    public Msg msg(int id) {
        return msgs[id];
    }

    public synchronized int size() {
        return size;
    }
}
