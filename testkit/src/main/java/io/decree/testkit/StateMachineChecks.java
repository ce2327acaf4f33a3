package io.decree.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings for the checks a {@link StateMachineContract} test class runs; optional (the defaults apply without
 * it). {@code -Ddecree.seed=N} runs only seed N (to replay a failure).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface StateMachineChecks {

    /** Seeds per check; each seed is one generated run. */
    int seeds() default 20;

    /** Concurrent simulated clients. */
    int clients() default 4;

    /** Commands per run, over all clients. */
    int operations() default 200;

    /** Probability that a client never learns its command's outcome (it may or may not have been applied). */
    double unknownFraction() default 0.05;

    /** Replicas that apply the chosen log (one is restarted from snapshots again and again). */
    int replicas() default 3;

    /**
     * Seeds of the Paxos simulator ({@link SimulatorCheck}): your state machine replicated by Decree's engine under
     * faults, with snapshots; 0 skips it. Each costs a simulated run (about a second).
     */
    int simulatorSeeds() default 5;
}
