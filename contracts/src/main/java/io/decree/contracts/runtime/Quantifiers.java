package io.decree.contracts.runtime;

import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * {@code \forall} and {@code \exists} over the two shapes of range the translator accepts: a half-open
 * integer interval {@code [lo, hi)} (bounds computed in long, so {@code i <= Integer.MAX_VALUE} cannot
 * overflow into an endless loop) and the elements of an {@link Iterable} (an array via {@code Arrays.asList(a)}, or by index).
 */
public final class Quantifiers {
    private Quantifiers() {
    }

    public static boolean forallInt(long lo, long hi, IntPredicate body) {
        for (long i = Math.max(lo, Integer.MIN_VALUE); i < Math.min(hi, (long) Integer.MAX_VALUE + 1); i++) {
            if (!body.test((int) i)) {
                return false;
            }
        }
        return true;
    }

    public static boolean existsInt(long lo, long hi, IntPredicate body) {
        for (long i = Math.max(lo, Integer.MIN_VALUE); i < Math.min(hi, (long) Integer.MAX_VALUE + 1); i++) {
            if (body.test((int) i)) {
                return true;
            }
        }
        return false;
    }

    public static boolean forallLong(long lo, long hi, LongPredicate body) {
        for (long i = lo; i < hi; i++) {
            if (!body.test(i)) {
                return false;
            }
        }
        return true;
    }

    public static boolean existsLong(long lo, long hi, LongPredicate body) {
        for (long i = lo; i < hi; i++) {
            if (body.test(i)) {
                return true;
            }
        }
        return false;
    }

    public static <T> boolean forallIn(Iterable<? extends T> elements, Predicate<? super T> body) {
        for (T element : elements) {
            if (!body.test(element)) {
                return false;
            }
        }
        return true;
    }

    public static <T> boolean existsIn(Iterable<? extends T> elements, Predicate<? super T> body) {
        for (T element : elements) {
            if (body.test(element)) {
                return true;
            }
        }
        return false;
    }

    /** Upper bound of {@code x <= hi} as an exclusive long bound. */
    public static long inclusive(long hi) {
        return hi == Long.MAX_VALUE ? Long.MAX_VALUE : hi + 1;
    }
}
