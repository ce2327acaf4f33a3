package io.decree.lin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model as the search sees it: states numbered (interned by {@code equals}) and every step memoised per
 * (operation, state number), so the search runs on {@code int} states.
 *
 * <p>Why: the search takes the same step from the same state over and over (it restarts from the head of the entry
 * list after each linearized operation, and backtracks into states it has seen). Calling the model each time allocated
 * an {@code Optional} and a new state, and the memo then hashed and compared whole state objects; with numbered
 * states a repeated step is one probe in a primitive table, the memo keys on an {@code int}, and "same state" is
 * {@code ==}. Sound because a model is a function of (state, input, output) (see {@link Model}): the cached answer is
 * the one the model would give again.
 *
 * <p>The table is open addressing over {@code long} keys {@code (op << 32) | state} with linear probing. It stops
 * growing at {@value #MAX_ENTRIES} entries (a 48 MB table); past that, steps not in it are computed
 * each time, so a huge search costs time, not unbounded memory.
 */
final class TransitionCache<S> {

    /** The step is illegal: the model rejects the operation's output in that state. */
    static final int REJECTED = -1;

    private static final int MAX_ENTRIES = 1 << 21;
    private static final long EMPTY = -1L; // never a key: op and state are non-negative

    private final Model<S, ?, ?> model;
    private final Step<S> step;
    private final Map<S, Integer> ids = new HashMap<>();
    private final List<S> states = new ArrayList<>();
    private long[] keys = new long[1024];
    private int[] values = new int[1024];
    private int size;

    /** One operation's step from a state: the next state, or null when the model rejects it. */
    @FunctionalInterface
    interface Step<S> {
        S apply(S state, int op);
    }

    TransitionCache(Model<S, ?, ?> model, Step<S> step) {
        this.model = model;
        this.step = step;
        Arrays.fill(keys, EMPTY);
    }

    /** The number of the model's initial state. */
    int init() {
        return intern(model.init());
    }

    /** The state numbered {@code id}. */
    S state(int id) {
        return states.get(id);
    }

    /** The number of the state after {@code op} in state {@code state}, or {@link #REJECTED}. */
    int next(int state, int op) {
        long key = ((long) op << 32) | state;
        int mask = keys.length - 1;
        int slot = slot(key, mask);
        long k;
        while ((k = keys[slot]) != EMPTY) {
            if (k == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        S after = step.apply(states.get(state), op);
        int result = after == null ? REJECTED : intern(after);
        if (size < MAX_ENTRIES) {
            keys[slot] = key;
            values[slot] = result;
            if (++size * 2 > keys.length) {
                grow();
            }
        }
        return result;
    }

    private int intern(S s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = states.size();
            states.add(s);
            ids.put(s, id);
        }
        return id;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i], mask);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
