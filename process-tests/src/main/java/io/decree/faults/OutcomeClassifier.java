package io.decree.faults;

/**
 * Decides what an exception from a {@link KvClient} says about the operation. Only a failure the client can
 * prove had no effect may be {@link Outcome#FAIL} (Jepsen's :fail); everything else (time-outs, lost
 * connections, a replica gone mid-request) is {@link Outcome#UNKNOWN} (:info): the operation may take effect,
 * even after the client moved on. Calling a definite failure unknown only weakens the check; the reverse
 * would make it unsound, so the default says unknown to all.
 */
@FunctionalInterface
public interface OutcomeClassifier {
    enum Outcome { FAIL, UNKNOWN }

    Outcome classify(Throwable failure);

    OutcomeClassifier ALL_UNKNOWN = failure -> Outcome.UNKNOWN;
}
