package io.decree.lin.lincheck;

/**
 * Sequential specification of a record log under concurrent use ({@link RecordLogOperations}): a counter of
 * appended records and the durable watermark.
 *
 * <p>Appends get consecutive sequence numbers from 0. A sync makes every record appended so far durable and
 * returns that count. Linearizability then allows exactly the outcomes the {@code RecordLog.sync} contract
 * allows: the watermark a sync returns is the count at its linearization point, somewhere between its
 * invocation and its return, so it is at least every append completed before the sync started and at most
 * every append started before it returned; it may cover a concurrent append (the real sync captures
 * {@code nextSequence} while holding the append lock, which is that point), syncs that do not overlap never
 * go backwards, and no append that starts after a sync returned {@code w} can get a sequence below {@code w}.
 * The readers of the count ({@code nextSequence}, {@code stats().records()}) see the counter. The copy-and-recover
 * reader checks its own bounds, which depend on which syncs had returned when it started (see
 * {@link RecordLogOperations#recoverCopy()}); the specification only says it always finds them kept.
 */
public final class RecordLogSpec {
    private long appended;
    private long durable;

    public long append(int value) { return appended++; }

    public long sync() {
        durable = appended;
        return durable;
    }

    public long nextSequence() { return appended; }

    public long recordsInStats() { return appended; }

    public String recoverCopy() { return RecordLogOperations.READER_OK; }
}
