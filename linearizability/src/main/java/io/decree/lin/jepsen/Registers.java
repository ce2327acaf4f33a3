package io.decree.lin.jepsen;

import java.util.HashMap;
import java.util.Map;

/**
 * Immutable key -> value map, the state of the multi-key models. A nil value is the same as an absent key (a
 * register that was never written reads nil).
 */
public record Registers(Map<Object, Object> values) {

    public static final Registers EMPTY = new Registers(Map.of());

    public Object get(Object key) {
        return values.get(key);
    }

    public Registers with(Object key, Object value) {
        if (java.util.Objects.equals(values.get(key), value)) {
            return this;
        }
        if (values.isEmpty() || values.size() == 1 && values.containsKey(key)) {
            // One register (a kv history is checked key by key): no copy of a map through a HashMap.
            return value == null ? EMPTY : new Registers(Map.of(key, value));
        }
        Map<Object, Object> copy = new HashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Registers(Map.copyOf(copy));
    }

    @Override
    public String toString() {
        return Values.show(new java.util.TreeMap<>(values.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(e -> Values.show(e.getKey()), Map.Entry::getValue))));
    }
}
