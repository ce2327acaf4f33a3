------------------------- MODULE MultiPaxosReconfig -------------------------
(***************************************************************************)
(* MultiPaxos with configuration changes chosen through the log, as in RSL *)
(* and SMART, with the window alpha of "Paxos Made Moderately Complex": a  *)
(* configuration change chosen in slot i governs the slots >= i + Alpha.   *)
(*                                                                         *)
(* Why this is safe: a leader proposes in slot s only while it knows every *)
(* slot <= s - Alpha (the pipelining window is Alpha), so it knows the     *)
(* configuration governing s; by Agreement on those earlier slots every    *)
(* leader uses the same one, and two majorities of the same configuration  *)
(* intersect.  Without the window (MCMutantReconfigNoWindow) a leader that *)
(* has not learned a change uses the old configuration, whose majorities  *)
(* need not meet the new one's.                                            *)
(*                                                                         *)
(* Replicas 1..N are the universe; a configuration is a subset of them.    *)
(* Every replica runs all roles; only quorum counting depends on the      *)
(* configuration.  The actions that do not look at configurations are     *)
(* MultiPaxos's own (instantiated); Phase2a and Learn are redefined.       *)
(* InstallSnapshot is MultiPaxos's: a copied prefix carries the changes    *)
(* chosen in it, so ConfigAt agrees with what r would have learned.        *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS N, MaxRound, MaxSlot, Values, NoOp, None, Leaders, Learners, Crashable, SnapshotTransfer,
    Alpha,       \* the reconfiguration window, also the pipelining window
    InitConfig,  \* the configuration governing slots before any change
    Configs      \* configurations a leader may propose to change to

ASSUME InitConfig \subseteq 1..N /\ InitConfig # {}
ASSUME \A C \in Configs : C \subseteq 1..N /\ C # {}

\* A configuration change is a log value of its own.
ConfigCmds == {[config |-> C] : C \in Configs}

VARIABLES promised, votes, leader, up, learned, msgs
vars == <<promised, votes, leader, up, learned, msgs>>

Base == INSTANCE MultiPaxos WITH Window <- Alpha, Values <- Values \cup ConfigCmds

Replicas == Base!Replicas
Slots == Base!Slots
Proposable == Base!Proposable
Quorums(C) == Base!Quorums(C)

(***************************************************************************)
(* The configuration governing slot s as r knows it: the latest change     *)
(* r learned in a slot i with i + Alpha <= s, else InitConfig.  Slots r    *)
(* has not learned are skipped; InWindow makes sure there are none.        *)
(***************************************************************************)
ConfigAt(r, s) ==
    LET changes == {i \in 1..(s - Alpha) : learned[r][i] \in ConfigCmds}
    IN  IF changes = {} THEN InitConfig
        ELSE learned[r][CHOOSE i \in changes : \A j \in changes : j <= i].config

InWindow(r, s) == Base!InWindow(r, s)

Init == Base!Init

(***************************************************************************)
(* Phase2a: as in MultiPaxos, but the quorum is one of the configuration   *)
(* governing s, and the 2a says which configuration that is, so learners  *)
(* (and acceptors' 2b, which repeat the 2a) count votes against it.       *)
(***************************************************************************)
Phase2a(r, b, s, v) ==
    /\ up[r]
    /\ leader[r] = b
    /\ InWindow(r, s)
    /\ ~\E m \in msgs : m.type = "2a" /\ m.bal = b /\ m.slot = s
    /\ \E Q \in Quorums(ConfigAt(r, s)) :
          LET Q1b == {m \in msgs : m.type = "1b" /\ m.bal = b /\ m.acc \in Q}
          IN  /\ \A a \in Q : \E m \in Q1b : m.acc = a
              /\ Base!SafeValue(Q1b, s, v)
    /\ msgs' = msgs \cup {[type |-> "2a", bal |-> b, slot |-> s, val |-> v, cfg |-> ConfigAt(r, s)]}
    /\ UNCHANGED <<promised, votes, leader, up, learned>>

(***************************************************************************)
(* Learn: a quorum of the configuration named by the 2a voted for it.      *)
(***************************************************************************)
Learn(r, s, v) ==
    /\ r \in Learners
    /\ up[r]
    /\ learned[r][s] \in {None, v}
    /\ \E m \in msgs :
          /\ m.type = "2a" /\ m.slot = s /\ m.val = v
          /\ \E Q \in Quorums(m.cfg) : Base!ChosenIn(s, v, Q, m.bal)
    /\ learned' = [learned EXCEPT ![r][s] = v]
    /\ UNCHANGED <<promised, votes, leader, up, msgs>>

Next ==
    \/ \E r \in Replicas, b \in Base!Ballots : Base!Phase1a(r, b)
    \/ \E a \in Replicas, m \in msgs : Base!Phase1b(a, m)
    \/ \E r \in Replicas, b \in Base!Ballots, s \in Slots, v \in Proposable : Phase2a(r, b, s, v)
    \/ \E a \in Replicas, m \in msgs : Base!Phase2b(a, m)
    \/ \E r \in Replicas, s \in Slots, v \in Proposable : Learn(r, s, v)
    \/ \E r, q \in Replicas, k \in Slots : Base!InstallSnapshot(r, q, k)
    \/ \E r \in Replicas : Base!Crash(r) \/ Base!Restart(r)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Liveness under a stable leader (see MultiPaxos): per-action weak        *)
(* fairness, with this module's Phase2a and Learn.  A reconfiguration     *)
(* completes: every change the stable leader proposed is learned by every *)
(* learner, and every slot it governs (within MaxSlot) is learned too.     *)
(***************************************************************************)
Disturbance == \E r \in Replicas : Base!Crash(r) \/ \E b \in Base!Ballots : Base!Phase1a(r, b)
LeadsTop(l) ==
    /\ up[l] /\ leader[l] # Base!Zero
    /\ \A m \in msgs : m.type = "1a" => Base!LessEq(m.bal, leader[l])
StableLeader == <>[][~Disturbance]_vars /\ <>[](\E l \in Leaders : LeadsTop(l))

LiveSpec ==
    /\ Spec
    /\ WF_vars(\E a \in Replicas, m \in msgs : Base!Phase1b(a, m))
    /\ WF_vars(\E r \in Replicas, b \in Base!Ballots, s \in Slots, v \in Proposable : Phase2a(r, b, s, v))
    /\ WF_vars(\E a \in Replicas, m \in msgs : Base!Phase2b(a, m))
    /\ WF_vars(\E r \in Replicas, s \in Slots, v \in Proposable : Learn(r, s, v))
    /\ WF_vars(\E r \in Replicas : Base!Restart(r))

ByStableLeader(m) == m.type = "2a" /\ \E l \in Leaders : LeadsTop(l) /\ m.bal = leader[l]
ProposalsLearned ==
    \A m \in msgs : ByStableLeader(m) => \A r \in Learners : learned[r][m.slot] = m.val
ReconfigCompleted ==
    \A m \in msgs :
        (ByStableLeader(m) /\ m.val \in ConfigCmds)
            => \A r \in Learners : /\ learned[r][m.slot] = m.val
                                   /\ \A t \in Slots : t >= m.slot + Alpha => learned[r][t] # None
EveryoneLearnsEverything == Base!EveryoneLearnsEverything

StableLeaderLearnsEverything == StableLeader => EveryoneLearnsEverything
StableLeaderLearnsProposals == StableLeader => <>[]ProposalsLearned
StableLeaderCompletesReconfig == StableLeader => <>[]ReconfigCompleted

TypeOK ==
    /\ promised \in [Replicas -> Base!BallotOrZero]
    /\ votes \in [Replicas -> [Slots -> Base!Votes]]
    /\ leader \in [Replicas -> Base!BallotOrZero]
    /\ up \in [Replicas -> BOOLEAN]
    /\ learned \in [Replicas -> [Slots -> Proposable \cup {None}]]
    /\ msgs \subseteq (Base!Msg1a \cup Base!Msg1b \cup Base!Msg2b
                       \cup [type : {"2a"}, bal : Base!Ballots, slot : Slots, val : Proposable,
                             cfg : {InitConfig} \cup Configs])

\* Agreement across configuration changes: still one value per slot.
Agreement == Base!Agreement
Validity == Base!Validity
VoteBelowPromise == Base!VoteBelowPromise

\* Every proposal for slot s uses the configuration the log says governs s,
\* as any learner that knows the slots up to s - Alpha computes it.
ProposalsUseGoverningConfig ==
    \A m \in msgs, r \in Learners :
        (m.type = "2a" /\ \A i \in 1..(m.slot - Alpha) : learned[r][i] # None)
            => m.cfg = ConfigAt(r, m.slot)


(***************************************************************************)
(* Refinement to Consensus, as in MultiPaxos but with a value chosen when  *)
(* a quorum of the configuration its 2a names voted for it (Learn's own    *)
(* condition).  Without the window two configurations with disjoint        *)
(* majorities both choose in one slot, and Refinement fails on the step   *)
(* that chooses the second value.                                          *)
(***************************************************************************)
ChosenBy(m) == \E Q \in Quorums(m.cfg) : Base!ChosenIn(m.slot, m.val, Q, m.bal)
Chosen(s) == {v \in Proposable : \E m \in msgs : m.type = "2a" /\ m.slot = s /\ m.val = v /\ ChosenBy(m)}
chosenBar == [s \in Slots |-> Chosen(s)]
Cons == INSTANCE Consensus WITH Values <- Proposable, chosen <- chosenBar
Refinement == Cons!Spec

LearnedChosen ==
    \A r \in Replicas, s \in Slots : learned[r][s] # None => learned[r][s] \in Chosen(s)

(***************************************************************************)
(* What reconfiguration must guarantee, said directly.                     *)
(*                                                                         *)
(* OneConfigPerSlot: every 2a for a slot names the same configuration, so  *)
(* no two configurations both consider themselves able to choose in it.   *)
(*                                                                         *)
(* ChosenInGoverningConfig: once slots 1..s-Alpha are chosen, they say     *)
(* which configuration governs s (the latest change among them); a value  *)
(* chosen in s was chosen by a quorum of that configuration.              *)
(***************************************************************************)
OneConfigPerSlot ==
    \A m1, m2 \in msgs :
        (m1.type = "2a" /\ m2.type = "2a" /\ m1.slot = m2.slot) => m1.cfg = m2.cfg

ChosenConfigAt(s) ==
    LET changes == {i \in 1..(s - Alpha) : \E c \in Chosen(i) : c \in ConfigCmds}
        last == CHOOSE i \in changes : \A j \in changes : j <= i
    IN  IF changes = {} THEN InitConfig
        ELSE (CHOOSE c \in Chosen(last) : c \in ConfigCmds).config

ChosenInGoverningConfig ==
    \A m \in msgs :
        (/\ m.type = "2a" /\ ChosenBy(m)
         /\ \A i \in 1..(m.slot - Alpha) : Chosen(i) # {})
            => m.cfg = ChosenConfigAt(m.slot)

\* The state as far as any later step or property can tell (VIEW View): MultiPaxos's, whose reasons hold here
\* too (this module's Phase2a reads the 1b messages of b in the same way, and nothing else reads them).
View == Base!View

=============================================================================
