package io.decree.spec;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers distinct values (ballots, vote maps, learned maps) with small ids, so a state can be encoded as a few
 * ints ({@link StateCodec}). Safe for the parallel model checker's workers, as {@link MsgTable}: a known value
 * is looked up without a lock; a new one is numbered under the lock and published through a volatile array
 * before its id escapes. Ids depend on which worker meets a value first, equality of encodings does not.
 */
final class Interner<T> {
    private final ConcurrentHashMap<T, Integer> ids = new ConcurrentHashMap<>();
    private volatile Object[] values = new Object[16];
    private int size;   // guarded by this

    int id(T v) {
        Integer id = ids.get(v);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            id = ids.get(v);
            if (id != null) {
                return id;
            }
            int fresh = size;
            Object[] a = values;
            if (fresh == a.length) {
                a = Arrays.copyOf(a, fresh * 2);
            }
            a[fresh] = v;
            values = a;         // volatile write publishes the entry before the id escapes
            size = fresh + 1;
            ids.put(v, fresh);
            return fresh;
        }
    }

    @SuppressWarnings("unchecked")
    T value(int id) {
        return (T) values[id];
    }

    synchronized int size() {
        return size;
    }
}
