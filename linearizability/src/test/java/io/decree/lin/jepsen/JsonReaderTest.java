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
}
