package io.decree.engine.ring.verbs;

import io.decree.engine.ring.verbs.VerbsRendezvous.Listener;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receivers' listeners a rendezvous holds, one per ring (receiver, writer): what the in-process and the
 * TCP rendezvous share. Registration races with connections (a receiver re-exposes a ring while a writer
 * connects), hence the concurrent map and the conditional removal.
 */
final class RendezvousListeners {
    private final ConcurrentHashMap<Long, Listener> byRing = new ConcurrentHashMap<>();

    void listen(int receiver, int writer, Listener listener) { byRing.put(key(receiver, writer), listener); }

    /** Removes {@code listener} only if it is still the one registered for the ring. */
    void unlisten(int receiver, int writer, Listener listener) { byRing.remove(key(receiver, writer), listener); }

    /** The listener of the ring, or null when the receiver exposes none. */
    Listener of(int receiver, int writer) { return byRing.get(key(receiver, writer)); }

    private static long key(int receiver, int writer) {
        return ((long) receiver << 32) | (writer & 0xFFFF_FFFFL);
    }
}
