package io.decree.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model checker's compact storage: a state's encoding decodes to the same state, the encoding of a
 * successor made from its parent's ids equals the one made from scratch, distinct states have distinct
 * encodings, the fingerprint set keeps what it was given across growth, and a frontier gives back what it got.
 */
class StateStoreTest {

    /** Every state of MCReconfig up to a bound, by BFS through the spec (not through the checker). */
    private static List<SpecState> someStates(MultiPaxosSpec spec, int limit) {
        List<SpecState> out = new ArrayList<>();
        Set<SpecState> seen = new HashSet<>();
        out.add(spec.init());
        seen.add(spec.init());
        for (int i = 0; i < out.size() && out.size() < limit; i++) {
            spec.next(out.get(i), (step, succ) -> {
                if (seen.add(succ)) {
                    out.add(succ);
                }
            });
        }
        return out;
    }

    @Test
    void encodingsRoundTripAndSeparateStates() {
        MultiPaxosSpec spec = McConfig.load("MCReconfigRace").spec();
        List<SpecState> states = someStates(spec, 20_000);
        StateCodec codec = new StateCodec(spec.model().n(), spec.init().table());
        Set<String> encodings = new HashSet<>();
        Set<Long> fps = new HashSet<>();
        for (SpecState st : states) {
            char[] e = codec.encode(st);
            assertTrue(codec.decode(e).sameState(st), "decode(encode(s)) != s");
            assertEquals(st, codec.decode(e));
            encodings.add(new String(e));
            fps.add(StateCodec.fingerprint(e));
            spec.next(st, (step, succ) -> assertArrayEquals(codec.encode(succ), codec.encode(succ, st, e),
                    "incremental encoding differs after " + step));
        }
        assertEquals(states.size(), encodings.size(), "two distinct states share an encoding");
        assertEquals(states.size(), fps.size(), "two distinct states share a fingerprint");
    }

    @Test
    void fingerprintSetKeepsEverythingAcrossGrowth() {
        FingerprintSet set = new FingerprintSet();
        Random rnd = new Random(7);
        long[] added = new long[300_000];
        for (int i = 0; i < added.length; i++) {
            long fp;
            do {
                fp = rnd.nextLong();
            } while (fp == 0);
            added[i] = fp;
            assertTrue(set.add(fp));
            assertFalse(set.add(fp), "added twice");
        }
        assertEquals(added.length, set.size());
        for (long fp : added) {
            assertTrue(set.contains(fp));
        }
        assertFalse(set.contains(12345L));
    }

    @Test
    void frontierGivesBackWhatItGotInOrder() {
        Frontier f = new Frontier();
        Random rnd = new Random(3);
        List<char[]> in = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {          // about 6 M chars: several chunks, records across their ends
            char[] e = new char[13 + rnd.nextInt(40)];
            for (int j = 0; j < e.length; j++) {
                e[j] = (char) rnd.nextInt(65536);
            }
            in.add(e);
            f.add(e);
        }
        assertEquals(in.size(), f.size());
        for (char[] e : in) {
            assertArrayEquals(e, f.next());
        }
        assertNotEquals(0, in.size());
    }
}
