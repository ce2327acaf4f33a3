package io.decree.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The executable mirror of {@code specs-tla/MultiPaxosReconfig.tla}: MultiPaxos whose quorums for a slot are
 * those of the configuration governing it, a configuration change chosen in slot i governing slots
 * {@code >= i + alpha} ({@link Model#window()} is alpha). Overrides exactly the definitions the TLA+ module
 * redefines: {@code Proposable} (adds the changes), {@code ConfigAt} ({@link #governingConfig}),
 * {@code InWindow}, {@code Learn}'s quorum (counted in the configuration the 2a names).
 */
public class MultiPaxosReconfigSpec extends MultiPaxosSpec {

    public MultiPaxosReconfigSpec(Model model) {
        this(model, EnumSet.noneOf(Mutant.class));
    }

    MultiPaxosReconfigSpec(Model model, Set<Mutant> mutants) {
        super(requireReconfig(model), mutants);
    }

    private static Model requireReconfig(Model m) {
        if (!m.isReconfig()) {
            throw new IllegalArgumentException("the reconfiguration spec needs an initial configuration (Model.reconfig)");
        }
        return m;
    }

    @Override
    public String moduleName() {
        return "MultiPaxosReconfig";
    }

    @Override
    protected boolean isProposable(Value v) {
        if (v instanceof Value.ConfigChange c) {
            return model.configs() == null ? (c.config().mask() & ~all.mask()) == 0 : model.configs().contains(c.config());
        }
        return super.isProposable(v);
    }

    @Override
    protected List<Value> enumerateProposable() {
        List<Value> vs = new ArrayList<>(super.enumerateProposable());
        if (model.configs() != null) {
            for (Config c : model.configs()) {
                vs.add(Value.configChange(c));
            }
        }
        return vs;
    }

    /** TLA+ {@code ConfigAt(r, s)}: the latest change r learned in a slot {@code <= s - Alpha}, else InitConfig. */
    @Override
    protected Config governingConfig(SpecState st, int r, long s) {
        SlotMap<Value> l = st.learned(r);
        Config c = model.initConfig();
        for (int i = 0; i < l.size() && l.slotAt(i) <= s - model.window(); i++) {
            if (l.valueAt(i) instanceof Value.ConfigChange change) {
                c = change.config();
            }
        }
        return c;
    }

    /** TLA+ {@code InWindow(r, s)} (mutant: no window, proposals beyond what r knows). */
    @Override
    protected boolean inWindow(SpecState st, int r, long s) {
        return mutants.contains(Mutant.RECONFIG_WITHOUT_WINDOW) || super.inWindow(st, r, s);
    }

    /** Learn's condition: a quorum of the configuration named by a 2a for (s, v) voted for it in its ballot. */
    @Override
    protected boolean chosenIn(SpecState st, long s, Value v) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && m.slot() == s && m.val().equals(v) && chosenBy(st, m)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean typeOK(SpecState st) {
        if (!super.typeOK(st)) {
            return false;
        }
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && !m.cfg().equals(model.initConfig())
                    && model.configs() != null && !model.configs().contains(m.cfg())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Invariant> invariants() {
        List<Invariant> inv = new ArrayList<>(super.invariants());
        inv.add(new Invariant("ProposalsUseGoverningConfig", this::proposalsUseGoverningConfig));
        return List.copyOf(inv);
    }

    @Override
    public List<Invariant> allInvariants() {
        List<Invariant> inv = new ArrayList<>(super.allInvariants());
        inv.add(new Invariant("OneConfigPerSlot", MultiPaxosReconfigSpec::oneConfigPerSlot));
        inv.add(new Invariant("ChosenInGoverningConfig", this::chosenInGoverningConfig));
        return List.copyOf(inv);
    }

    /** TLA+ {@code OneConfigPerSlot}: every 2a for a slot names the same configuration. */
    public static boolean oneConfigPerSlot(SpecState st) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m) {
                for (int j = i + 1; j < st.msgCount(); j++) {
                    if (st.msg(j) instanceof Msg.M2a o && o.slot() == m.slot() && !o.cfg().equals(m.cfg())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * TLA+ {@code ChosenConfigAt(s)}: the configuration the chosen log says governs s (the latest change chosen
     * in a slot {@code <= s - Alpha}), meaningful once those slots are all chosen. Among several chosen values
     * (only under a mutant) it takes the first change in {@link #chosenValues} order, as TLC's CHOOSE would
     * take some one: the invariants that use it are then already broken elsewhere.
     */
    private Config chosenConfigAt(SpecState st, long s) {
        Config c = model.initConfig();
        for (long i = 1; i <= s - model.window(); i++) {
            for (Value v : chosenValues(st, i)) {
                if (v instanceof Value.ConfigChange change) {
                    c = change.config();
                    break;
                }
            }
        }
        return c;
    }

    /** TLA+ {@code ChosenInGoverningConfig}: a value chosen in s was chosen by the configuration governing s. */
    public boolean chosenInGoverningConfig(SpecState st) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && chosenBy(st, m)) {
                boolean prefixChosen = true;
                for (long j = 1; j <= m.slot() - model.window() && prefixChosen; j++) {
                    prefixChosen = !chosenValues(st, j).isEmpty();
                }
                if (prefixChosen && !m.cfg().equals(chosenConfigAt(st, m.slot()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** TLA+ {@code ChosenBy(m)}: a quorum of m.cfg voted for m's value in m's slot and ballot. */
    private boolean chosenBy(SpecState st, Msg.M2a m) {
        long voters = 0;
        for (int j = 0; j < st.msgCount(); j++) {
            if (st.msg(j) instanceof Msg.M2b b && b.slot() == m.slot() && b.val().equals(m.val()) && b.bal().equals(m.bal())) {
                voters |= 1L << b.acc();
            }
        }
        for (long q : quorums(m.cfg())) {
            if ((voters & q) == q) {
                return true;
            }
        }
        return false;
    }

    /**
     * TLA+ {@code ReconfigCompleted}: every change the stable leader proposed is learned by every learner, and so
     * is every slot it governs within MaxSlot.
     */
    @Override
    public boolean reconfigCompleted(SpecState st) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m && m.val() instanceof Value.ConfigChange && byStableLeader(st, m)) {
                for (int r = 1; r <= model.n(); r++) {
                    if (!model.learners().contains(r)) continue;
                    if (!m.val().equals(st.learned(r).get(m.slot()))) return false;
                    for (long t = m.slot() + model.window(); t <= model.maxSlot(); t++) {
                        if (st.learned(r).get(t) == null) return false;
                    }
                }
            }
        }
        return true;
    }

    /** TLA+ {@code ProposalsUseGoverningConfig}. */
    public boolean proposalsUseGoverningConfig(SpecState st) {
        for (int i = 0; i < st.msgCount(); i++) {
            if (st.msg(i) instanceof Msg.M2a m) {
                for (int r = 1; r <= model.n(); r++) {
                    if (model.learners().contains(r) && st.learned(r).firstAbsent() > m.slot() - model.window()
                            && !m.cfg().equals(governingConfig(st, r, m.slot()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
