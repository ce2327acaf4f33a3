package io.decree.lin.jepsen;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable, insertion-ordered map over one array of keys and values, for the small objects a history is made
 * of (a JSON event has four to six fields): one allocation, and a lookup is a scan of a few keys, where a
 * {@link java.util.LinkedHashMap} cost a table, a node per entry and a hash per key, the import's largest cost after
 * the reader's own loops. Keys are distinct and not null (the reader checks); {@code equals} and {@code hashCode}
 * are {@link AbstractMap}'s, so it equals any map with the same entries.
 */
final class ArrayMap extends AbstractMap<Object, Object> {

    /** The most entries a reader puts in one: a scan of more costs more than hashing. */
    static final int MAX_ENTRIES = 8;

    static final ArrayMap EMPTY = new ArrayMap(new Object[0]);

    private final Object[] keysAndValues; // key 0, value 0, key 1, value 1, ...

    /** Takes {@code keysAndValues} as it is: the caller gives up the array. */
    ArrayMap(Object[] keysAndValues) {
        assert keysAndValues.length % 2 == 0 && keysAndValues.length <= 2 * MAX_ENTRIES;
        this.keysAndValues = keysAndValues;
    }

    /** By identity first: the readers intern short keys, and the import looks fields up by interned literals. */
    private int indexOf(Object key) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : keysAndValues[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keysAndValues.length / 2;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Object, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keysAndValues.length;
                    }

                    @Override
                    public Entry<Object, Object> next() {
                        if (next >= keysAndValues.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<Object, Object> e =
                                new SimpleImmutableEntry<>(keysAndValues[next], keysAndValues[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return ArrayMap.this.size();
            }
        };
    }
}
