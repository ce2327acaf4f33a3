package io.decree.spec;

import java.util.List;

/**
 * A few of the MC models as constants, for tests that build specs by hand (replay, snapshot equivalence).
 * The model checker itself reads every model from its cfg ({@link McConfig}); McConfigTest checks that these
 * constants equal what the cfgs say.
 */
public final class Models {
    private Models() {
    }

    /** One leader, one ballot, one slot; replica 1 may crash. */
    public static final Model SMALL = Model.of(3, 1, 1, List.of("v1"), 1, Config.of(1), Config.of(1, 2), Config.of(1));
    /** Two competing leaders (two ballots), one slot: value adoption matters. */
    public static final Model TWO_LEADERS = Model.of(3, 1, 1, List.of("v1"), 1, Config.of(1, 2), Config.of(1, 2), null);
    /** One leader, two slots pipelined (window 2). */
    public static final Model PIPELINE = Model.of(3, 1, 2, List.of("v1"), 2, Config.of(1), Config.of(1, 2), null);
    /** Tiny crash-free model for the liveness property. */
    public static final Model LIVENESS = Model.of(3, 1, 1, List.of("v1"), 1, Config.of(1), Config.of(1, 2), null);
    /** Reconfiguration from {1,2} to {3} (disjoint majorities) with alpha = 1, two slots. */
    public static final Model RECONFIG = Model.reconfig(3, 1, 2, List.of(), 1, Config.of(1), Config.of(1, 2), null,
            Config.of(1, 2), List.of(Config.of(3)));
    /**
     * Snapshot transfer on: two slots (NoOp only), learners 1 and 2, learner 2 may crash (a crashed replica's
     * snapshot can still be installed). Same reachable states as with it off, shorter paths.
     */
    public static final Model SNAPSHOT = Model.of(3, 1, 2, List.of(), 1, Config.of(1), Config.of(1, 2), Config.of(2), true);
    /** RECONFIG with snapshot transfer on: a copied prefix carries the configuration changes in it. */
    public static final Model RECONFIG_SNAPSHOT = Model.reconfig(3, 1, 2, List.of(), 1, Config.of(1), Config.of(1, 2), null,
            Config.of(1, 2), List.of(Config.of(3)), true);

    /** Long-tier models (-Dtier=long). */
    public static final Model TWO_LEADERS_CRASH = Model.of(3, 1, 1, List.of("v1"), 1, Config.of(1, 2), Config.of(1, 2), Config.of(1));
    public static final Model TWO_ROUNDS = Model.of(3, 2, 1, List.of("v1"), 1, Config.of(1), Config.of(1, 2), null);
}
