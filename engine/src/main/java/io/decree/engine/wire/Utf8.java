package io.decree.engine.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * UTF-8 straight into and out of a buffer, without the intermediate byte array {@link String#getBytes}
 * would allocate. Encoding matches {@code getBytes(UTF_8)}, an unpaired surrogate included (it becomes
 * '?'). Validation accepts only well-formed UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF): those are exactly the byte strings that decode to a String and encode back to themselves.
 */
final class Utf8 {
    private Utf8() {}

    static int length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) n += 1;
            else if (ch < 0x800) n += 2;
            else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(ch)) n += 1;
            else n += 3;
        }
        return n;
    }

    /** Writes {@code s} at {@code i}; returns the index after it. */
    static int encode(String s, MutableDirectBuffer b, int i) {
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch < 0x80) b.putByte(i++, (byte) ch);
            else if (ch < 0x800) {
                b.putByte(i++, (byte) (0xC0 | ch >> 6));
                b.putByte(i++, (byte) (0x80 | ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++k));
                b.putByte(i++, (byte) (0xF0 | cp >> 18));
                b.putByte(i++, (byte) (0x80 | cp >> 12 & 0x3F));
                b.putByte(i++, (byte) (0x80 | cp >> 6 & 0x3F));
                b.putByte(i++, (byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(ch)) b.putByte(i++, (byte) '?');
            else {
                b.putByte(i++, (byte) (0xE0 | ch >> 12));
                b.putByte(i++, (byte) (0x80 | ch >> 6 & 0x3F));
                b.putByte(i++, (byte) (0x80 | ch & 0x3F));
            }
        }
        return i;
    }

    /**
     * Index of the first byte of {@code [from, from + length)} that is not well-formed UTF-8 (Unicode 15,
     * table 3-7), or -1 if all are.
     */
    static int firstMalformed(DirectBuffer b, int from, int length) {
        int i = from, end = from + length;
        while (i < end) {
            int b0 = b.getByte(i) & 0xff;
            if (b0 < 0x80) { i++; continue; }
            int need, lo = 0x80, hi = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) need = 1;
            else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                if (b0 == 0xE0) lo = 0xA0;        // overlong
                else if (b0 == 0xED) hi = 0x9F;   // surrogates
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                if (b0 == 0xF0) lo = 0x90;        // overlong
                else if (b0 == 0xF4) hi = 0x8F;   // above U+10FFFF
            } else return i;
            if (end - i <= need) return i;
            int b1 = b.getByte(i + 1) & 0xff;
            if (b1 < lo || b1 > hi) return i;
            for (int k = 2; k <= need; k++) {
                int bk = b.getByte(i + k) & 0xff;
                if (bk < 0x80 || bk > 0xBF) return i;
            }
            i += need + 1;
        }
        return -1;
    }
}
