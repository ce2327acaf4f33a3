package io.decree.engine.ring.verbs;

import io.decree.engine.ring.FabricException;

/**
 * The out-of-band exchange a reliable connection needs before any RDMA WRITE can flow: the writer tells the
 * receiver its queue pair and where the receiver may write the head back ({@link Hello}); the receiver
 * connects a queue pair of its own to it and answers with its queue pair, where the ring and its tail word
 * are, their rkey, and the ring's current positions and epoch ({@link Reply}). Every RDMA application has
 * such a side channel (rdma-core's {@code rc_pingpong} uses a TCP socket, others {@code librdmacm}).
 *
 * <p>{@link #connect} returns only after the receiver's listener has run, so when it returns the receiver's
 * queue pair is ready and the writer may bring its own up and write.
 */
public interface VerbsRendezvous {

    /** What a writer sends: its QP endpoint, and its head word's address and rkey. */
    record Hello(QpEndpoint writer, long headAddress, int headRkey) {}

    /**
     * What the receiver answers: its QP endpoint; the address of the ring's data and of its tail word, one
     * rkey for both; the capacity; the tail and head at this moment; the permission epoch.
     */
    record Reply(QpEndpoint receiver, long dataAddress, long tailAddress, int rkey, int capacity, long tail, long head,
                 long epoch) {}

    /** The receiver's side: called once per connecting writer, on the rendezvous' thread. */
    interface Listener {
        Reply accept(Hello hello) throws FabricException;
    }

    /** Makes the region ({@code receiver}, {@code writer}) connectable through {@code listener}, replacing any other. */
    void listen(int receiver, int writer, Listener listener);

    /** Removes {@code listener} if it is still the one registered. */
    void unlisten(int receiver, int writer, Listener listener);

    /** Hands {@code hello} to the receiver's listener and returns its reply; throws if nothing listens. */
    Reply connect(int receiver, int writer, Hello hello) throws FabricException;

    /**
     * The rendezvous for receivers and writers in one process (one device, queue pairs connected to each other
     * through the NIC's loopback): what the hardware tests use. Between hosts, a rendezvous over TCP carries
     * the same two records; see docs/rdma.md.
     */
    final class InProcess implements VerbsRendezvous {
        private final RendezvousListeners listeners = new RendezvousListeners();

        @Override public void listen(int receiver, int writer, Listener listener) { listeners.listen(receiver, writer, listener); }

        @Override public void unlisten(int receiver, int writer, Listener listener) { listeners.unlisten(receiver, writer, listener); }

        @Override public Reply connect(int receiver, int writer, Hello hello) throws FabricException {
            Listener listener = listeners.of(receiver, writer);
            if (listener == null)
                throw new FabricException("verbs: replica " + receiver + " has not exposed a ring for writer " + writer);
            return listener.accept(hello);
        }
    }
}
