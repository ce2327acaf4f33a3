package io.decree.lin.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdnReaderTest {

    private static List<Object> read(String text) {
        return new EdnReader("t.edn", text).readAll();
    }

    private static MalformedHistoryException malformed(String text) {
        return assertThrows(MalformedHistoryException.class, () -> read(text));
    }

    @Test
    void readsTheValuesJepsenWrites() {
        List<Object> forms = read("""
                ; a comment
                {:type :invoke, :f :cas, :value [1 2], :process 3, :time 12345678901234}
                #jepsen.history.Op{:index 0 :type :ok}
                (nil true false "a\\"b\\n" \\c \\newline -7 +8 3.5 12345678901234567890 4N jepsen/op sym)
                #{:a :b} #_ {:dropped 1} #inst "2020-01-01" [#_1]
                """);
        assertEquals(6, forms.size());
        assertEquals(Map.of(new Keyword("type"), new Keyword("invoke"), new Keyword("f"), new Keyword("cas"),
                new Keyword("value"), List.of(1L, 2L), new Keyword("process"), 3L, new Keyword("time"),
                12345678901234L), forms.get(0));
        assertEquals(Map.of(new Keyword("index"), 0L, new Keyword("type"), new Keyword("ok")), forms.get(1));
        List<?> atoms = (List<?>) forms.get(2);
        assertEquals(java.util.Arrays.asList(null, true, false, "a\"b\n", 'c', '\n', -7L, 8L, 3.5,
                new BigInteger("12345678901234567890"), BigInteger.valueOf(4), new EdnReader.Symbol("jepsen/op"),
                new EdnReader.Symbol("sym")), atoms);
        assertEquals(Set.of(new Keyword("a"), new Keyword("b")), forms.get(3));
        assertEquals(new EdnReader.Tagged("inst", "2020-01-01"), forms.get(4));
        assertEquals(List.of(), forms.get(5));
    }

    @Test
    void errorsNameLineColumnAndOffset() {
        MalformedHistoryException e = malformed("{:a 1}\n{:type :ok :value [1 2 }");
        assertEquals(2, e.line());
        assertEquals(24, e.column());
        assertEquals(30, e.offset());
        assertTrue(e.getMessage().startsWith("t.edn:2:24 (offset 30): ']' expected, found '}'"), e.getMessage());
        assertTrue(e.getMessage().contains("opened at line 2, column 19"), e.getMessage());
    }

    @Test
    void rejectsEachKindOfMalformedInput() {
        assertTrue(malformed("[1 2").getMessage().contains("unexpected end of input: ']' expected"));
        assertTrue(malformed("{:a 1 :b}").getMessage().contains("even number of forms"));
        assertTrue(malformed("{:a 1 :a 2}").getMessage().contains("duplicate map key :a"));
        assertTrue(malformed("\"abc").getMessage().contains("unterminated string"));
        assertTrue(malformed("\"a\\qb\"").getMessage().contains("unknown escape '\\q'"));
        assertTrue(malformed("1 2 }").getMessage().contains("unexpected '}' with no opening bracket"));
        assertTrue(malformed(": x").getMessage().contains("a keyword needs a name"));
        assertTrue(malformed("12abc").getMessage().contains("malformed number '12abc'"));
        assertTrue(malformed("#{1 1}").getMessage().contains("duplicate element"));
        assertTrue(malformed("# 1").getMessage().contains("'#' must start"));
        assertTrue(malformed("#_").getMessage().contains("unexpected end of input"));
        MalformedHistoryException third = malformed("1\n2\n   \\bogus");
        assertEquals(3, third.line());
        assertInstanceOf(IllegalArgumentException.class, third);
    }
}
