package io.decree.perf.load.peers;

import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The peers' key-value map ({@link KvCodec.Store}) as a Ratis state machine: puts are applied from the log in
 * order; gets are queries (Ratis answers them without a log entry; the servers are configured for linearizable
 * reads). Ratis calls {@code applyTransaction} on one thread per group, and {@code query} on others: the map is
 * guarded by this object's monitor.
 */
final class RatisKvStateMachine extends BaseStateMachine {
    private final KvCodec.Store store = new KvCodec.Store();

    @Override public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] reply;
        synchronized (this) {
            reply = store.apply(entry.getStateMachineLogEntry().getLogData().toByteArray());
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }

    @Override public CompletableFuture<Message> query(Message request) {
        byte[] reply;
        synchronized (this) {
            reply = store.apply(request.getContent().toByteArray());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }
}
