package io.decree.lin.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static List<Object> read(String text) {
        return new JsonReader("t.json", text).readAll();
    }

    private static String malformed(String text) {
        return assertThrows(MalformedHistoryException.class, () -> read(text)).getMessage();
    }

    @Test
    void readsValuesAndJsonLines() {
        List<Object> values = read("{\"type\": \"ok\", \"value\": [1, -2.5e1, \"x\\u0041\\n\", null, true, false, {}]}\n"
                + "[]\n92233720368547758070");
        assertEquals(3, values.size());
        assertEquals(Map.of("type", "ok", "value", Arrays.asList(1L, -25.0, "xA\n", null, true, false, Map.of())),
                values.get(0));
        assertEquals(List.of(), values.get(1));
        assertEquals(new java.math.BigInteger("92233720368547758070"), values.get(2));
    }

    /**
     * Short strings are shared through a 256-slot cache (Cursor): with far more distinct strings than slots, many
     * colliding, and of every length around the cache's limit, each must still read as its own characters.
     */
    @Test
    void manyDistinctShortStringsKeepTheirValues() {
        StringBuilder json = new StringBuilder("[");
        List<String> expected = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5_000; i++) {
            int length = random.nextInt(30);
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < length; j++) {
                s.append((char) ('a' + random.nextInt(3))); // a small alphabet: many equal strings and equal hashes
            }
            expected.add(s.toString());
            json.append(i == 0 ? "" : ",").append('"').append(s).append('"');
        }
        assertEquals(List.of(expected), read(json.append("]").toString()));
    }

    @Test
    void unterminatedStringErrorsPointAtItsQuote() {
        assertTrue(malformed("[1,\n  \"ab").contains("t.json:2:3 (offset 6): unterminated string"),
                malformed("[1,\n  \"ab"));
    }

    @Test
    void rejectsMalformedInputNamingThePlace() {
        assertTrue(malformed("[1, 2,]").contains("t.json:1:7 (offset 6): a JSON value was expected, found ']'"));
        assertTrue(malformed("{\"a\" 1}").contains("':' expected, found '1'"));
        assertTrue(malformed("{\"a\": 1, \"a\": 2}").contains("duplicate key \"a\""));
        assertTrue(malformed("[1 2]").contains("',' or ']' expected in the array opened at line 1, column 1"));
        assertTrue(malformed("\n\n  nul").contains("t.json:3:"));
        assertTrue(malformed("[\"abc").contains("unterminated string"));
        assertTrue(malformed("-").contains("malformed number '-'"));
        assertTrue(malformed("{1: 2}").contains("an object key (a string) was expected"));
    }

    /**
     * Objects of up to {@link ArrayMap#MAX_ENTRIES} entries are array maps, larger ones hashed maps: both keep the
     * insertion order, equal any map with the same entries, are unmodifiable, and refuse a duplicate key wherever it
     * is (the small ones as it is read, the large ones when the object closes), nested objects included.
     */
    @Test
    void smallAndLargeObjectsAreOrderedUnmodifiableMapsWithoutDuplicates() {
        for (int size : new int[] {0, 1, ArrayMap.MAX_ENTRIES, ArrayMap.MAX_ENTRIES + 1, 40}) {
            StringBuilder json = new StringBuilder("{");
            Map<Object, Object> expected = new java.util.LinkedHashMap<>();
            for (int i = size - 1; i >= 0; i--) { // not in hash order
                json.append(i == size - 1 ? "" : ", ")
                        .append("\"key").append(i).append("\": {\"n\": ").append(i).append('}');
                expected.put("key" + i, Map.of("n", (long) i));
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) read(json.append('}').toString()).get(0);
            assertEquals(expected, map, "size " + size);
            assertEquals(map, expected, "size " + size);
            assertEquals(expected.hashCode(), map.hashCode(), "size " + size);
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(map.keySet()), "insertion order, size " + size);
            assertEquals(size > 0, map.containsKey("key0"));
            assertEquals(null, map.get("key" + size));
            assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1L));
            if (size > 0) {
                String duplicated = json.substring(0, json.length() - 1) + ", \"key0\": 2}";
                assertTrue(malformed(duplicated).contains("duplicate key \"key0\" in an object"), duplicated);
                assertTrue(malformed("[" + duplicated + "]").contains("t.json:1:2"), "points at the object");
            }
        }
        assertEquals(Map.of("a", Map.of("b", 1L), "c", 2L), read("{\"a\": {\"b\": 1}, \"c\": 2}").get(0),
                "a nested object's entries stay its own");
        assertTrue(malformed("{\"a\": {\"a\": 1, \"a\": 2}}").contains("t.json:1:7"), "the inner object's duplicate");
        assertTrue(((Map<?, ?>) read("{\"a\": null}").get(0)).containsKey("a"), "a key whose value is null");
    }
}
