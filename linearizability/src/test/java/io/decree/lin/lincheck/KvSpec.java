package io.decree.lin.lincheck;

import java.util.HashMap;

/** The sequential key-value store the cluster's client API must be linearizable to (KvStateMachine's semantics). */
public final class KvSpec {
    private final HashMap<String, String> map = new HashMap<>();

    public String put(int key, int value) { return map.put(Integer.toString(key), Integer.toString(value)); }

    public String get(int key) { return map.get(Integer.toString(key)); }

    public String delete(int key) { return map.remove(Integer.toString(key)); }

    public String cas(int key, int expected, int value) {
        boolean matches = Integer.toString(expected).equals(map.get(Integer.toString(key)));
        if (matches) map.put(Integer.toString(key), Integer.toString(value));
        return Boolean.toString(matches);
    }
}
