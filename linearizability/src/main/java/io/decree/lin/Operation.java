package io.decree.lin;

import java.util.Objects;

/**
 * One client operation of a history: what was asked ({@code input}), what came back ({@code output}), and the
 * interval of time, from invocation to return, within which it must have taken effect.
 *
 * <p>An operation whose outcome is <em>unknown</em> (the client timed out, crashed, or the run ended first) has no
 * return: it may have taken effect at any point after its invocation, or never. Its {@code output} is null and its
 * {@link #returnTime()} is {@link #NEVER}.
 *
 * <p>Times are opaque longs (simulated ticks, nanos): only their order matters. Two events at the same time are
 * treated as concurrent (an operation returning at {@code t} does not precede one invoked at {@code t}), which is
 * the conservative reading: it can hide a violation but never invent one.
 *
 * @param id         unique within its history (the recorder's operation id)
 * @param clientId   the client (process, session) that issued it; a client runs one operation at a time
 * @param input      the request, e.g. {@code put(k, v)}; never null
 * @param output     the response; null when the outcome is unknown
 * @param invokeTime when the client issued the request
 * @param returnTime when the response arrived, or {@link #NEVER} when the outcome is unknown
 */
public record Operation<I, O>(int id, int clientId, I input, O output, long invokeTime, long returnTime) {

    /** The return time of an operation whose outcome is unknown. */
    public static final long NEVER = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(input, "input");
        if (returnTime == NEVER && output != null) {
            throw new IllegalArgumentException("operation " + id + " has an output but no return time");
        }
        if (returnTime < invokeTime) {
            throw new IllegalArgumentException("operation " + id + " returns at " + returnTime
                    + ", before it was invoked at " + invokeTime);
        }
    }

    /** An operation that completed with {@code output} (which may be null, e.g. "key absent"). */
    public static <I, O> Operation<I, O> completed(int id, int clientId, I input, O output, long invokeTime,
            long returnTime) {
        if (returnTime == NEVER) {
            throw new IllegalArgumentException("operation " + id + ": a completed operation needs a return time");
        }
        return new Operation<>(id, clientId, input, output, invokeTime, returnTime);
    }

    /** An operation whose outcome is unknown: it may have taken effect after {@code invokeTime}, or never. */
    public static <I, O> Operation<I, O> unknownOutcome(int id, int clientId, I input, long invokeTime) {
        return new Operation<>(id, clientId, input, null, invokeTime, NEVER);
    }

    /** True when no response was seen: the operation may or may not have taken effect. */
    public boolean isUnknown() {
        return returnTime == NEVER;
    }

    /** Real-time order: this operation returned strictly before {@code other} was invoked. */
    public boolean precedes(Operation<?, ?> other) {
        return returnTime < other.invokeTime;
    }
}
