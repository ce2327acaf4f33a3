----------------------------- MODULE MultiPaxos -----------------------------
(***************************************************************************)
(* Multi-Paxos as Decree's engine runs it, at the level of its messages.   *)
(*                                                                         *)
(* Every replica is an acceptor, a learner and a potential leader.  A      *)
(* ballot is a pair <<round, replica>> ordered lexicographically, so each  *)
(* ballot has exactly one owner; <<0, 0>> means "no ballot".  One phase 1  *)
(* covers all slots (the engine sends "from slot k"; in these small models *)
(* that is every slot), then the leader runs phase 2 for each slot it may  *)
(* propose in.                                                             *)
(*                                                                         *)
(* The network is the set msgs of every message ever sent; nothing is      *)
(* removed from it (as in Lamport's Paxos.tla).  Receiving a message does  *)
(* not consume it, so the same set models loss (a message is never        *)
(* received), duplication (it is received twice) and reordering (any sent  *)
(* message may be received at any time).                                   *)
(*                                                                         *)
(* The action names are the ones the engine emits as trace events and the *)
(* Java mirror (io.decree.spec.MultiPaxosSpec) implements one method each  *)
(* for; docs/spec-mapping.md lists the correspondence.                     *)
(*                                                                         *)
(* Some conditions are named operators (Quorums, SafeValue, Accepts2a,     *)
(* RecoveredPromise, ...) only so that an MC file can replace one of them  *)
(* with a broken definition (a "mutant", see MCMutant*.cfg) through a      *)
(* definition override in its .cfg, leaving this module as it is.         *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    N,          \* number of replicas; they are 1..N
    MaxRound,   \* rounds of the model: 1..MaxRound (unbounded in the engine)
    MaxSlot,    \* slots of the model: 1..MaxSlot
    Values,     \* client values (decrees) a leader may propose
    NoOp,       \* the value a leader proposes to fill a slot with nothing
    None,       \* "nothing": no vote, nothing learned
    Window,     \* pipelining: slots proposed ahead of the first unknown one
    Leaders,    \* replicas that may start ballots (bounds the model; all in the engine)
    Learners,   \* replicas whose learning is modelled (bounds the model; all in the engine)
    Crashable,  \* replicas that may crash (bounds the model; all in the engine)
    SnapshotTransfer  \* BOOLEAN: a lagging learner may install another's snapshot (InstallSnapshot)

ASSUME N \in Nat \ {0} /\ MaxRound \in Nat \ {0} /\ MaxSlot \in Nat \ {0}
ASSUME Window \in Nat \ {0} /\ Leaders \subseteq 1..N /\ Learners \subseteq 1..N /\ Crashable \subseteq 1..N
ASSUME SnapshotTransfer \in BOOLEAN
ASSUME NoOp \notin Values /\ None \notin Values \cup {NoOp}

Replicas == 1..N
Slots    == 1..MaxSlot
Proposable == Values \cup {NoOp}

(***************************************************************************)
(* Ballots.                                                                *)
(***************************************************************************)
Ballots == {<<i, r>> : i \in 1..MaxRound, r \in Leaders}
Zero == <<0, 0>>                       \* "no ballot": below every ballot
BallotOrZero == Ballots \cup {Zero}
Less(b, c)   == b[1] < c[1] \/ (b[1] = c[1] /\ b[2] < c[2])
LessEq(b, c) == Less(b, c) \/ b = c
Max(b, c)    == IF Less(b, c) THEN c ELSE b
Owner(b)     == b[2]

(***************************************************************************)
(* Quorums: any strict majority.  Every two majorities intersect, which is *)
(* what makes a chosen value visible to every later phase 1.              *)
(***************************************************************************)
IsQuorum(Q, C) == 2 * Cardinality(Q) > Cardinality(C)
Quorums(C) == {Q \in SUBSET C : IsQuorum(Q, C)}
ReplicaQuorums == Quorums(Replicas)   \* constant: TLC evaluates it once

(***************************************************************************)
(* A vote is the latest (ballot, value) an acceptor accepted for a slot.   *)
(***************************************************************************)
NoVote == [bal |-> Zero, val |-> None]
Votes  == [bal : Ballots, val : Proposable] \cup {NoVote}

Msg1a == [type : {"1a"}, bal : Ballots]
Msg1b == [type : {"1b"}, acc : Replicas, bal : Ballots, votes : [Slots -> Votes]]
Msg2a == [type : {"2a"}, bal : Ballots, slot : Slots, val : Proposable]
Msg2b == [type : {"2b"}, acc : Replicas, bal : Ballots, slot : Slots, val : Proposable]
Messages == Msg1a \cup Msg1b \cup Msg2a \cup Msg2b

VARIABLES
    promised,   \* durable: promised[a] is the highest ballot a promised
    votes,      \* durable: votes[a][s] is a's latest vote in slot s
    leader,     \* volatile: the ballot r leads (started) since it last came up
    up,         \* up[r]: r is running (FALSE between Crash and Restart)
    learned,    \* learned[r][s]: the value r knows chosen in s, or None
    msgs        \* every message ever sent

vars == <<promised, votes, leader, up, learned, msgs>>

TypeOK ==
    /\ promised \in [Replicas -> BallotOrZero]
    /\ votes \in [Replicas -> [Slots -> Votes]]
    /\ leader \in [Replicas -> BallotOrZero]
    /\ up \in [Replicas -> BOOLEAN]
    /\ learned \in [Replicas -> [Slots -> Proposable \cup {None}]]
    /\ msgs \subseteq Messages

Send(m) == msgs' = msgs \cup {m}

(***************************************************************************)
(* The first slot r does not know as chosen; r proposes only below it plus *)
(* Window, so at most Window slots are in flight.                          *)
(***************************************************************************)
FirstUnknown(r) ==
    IF \A s \in Slots : learned[r][s] # None
    THEN MaxSlot + 1
    ELSE CHOOSE s \in Slots : learned[r][s] = None /\ \A t \in 1..(s - 1) : learned[r][t] # None
InWindow(r, s) == s < FirstUnknown(r) + Window

Init ==
    /\ promised = [a \in Replicas |-> Zero]
    /\ votes = [a \in Replicas |-> [s \in Slots |-> NoVote]]
    /\ leader = [r \in Replicas |-> Zero]
    /\ up = [r \in Replicas |-> TRUE]
    /\ learned = [r \in Replicas |-> [s \in Slots |-> None]]
    /\ msgs = {}

(***************************************************************************)
(* Phase1a: r starts ballot b.  b is r's own and above anything r promised *)
(* or led since it came up (the engine takes the highest round it has     *)
(* seen plus one).                                                         *)
(***************************************************************************)
Phase1a(r, b) ==
    /\ up[r]
    /\ Owner(b) = r
    /\ Less(Max(promised[r], leader[r]), b)
    /\ leader' = [leader EXCEPT ![r] = b]
    /\ Send([type |-> "1a", bal |-> b])
    /\ UNCHANGED <<promised, votes, up, learned>>

(***************************************************************************)
(* Phase1b: a promises m.bal and reports all its votes.  ">=" rather than  *)
(* ">" so that a duplicate 1a is answered again (idempotently): the first  *)
(* answer may have been lost.                                              *)
(***************************************************************************)
Phase1b(a, m) ==
    /\ up[a]
    /\ m \in msgs /\ m.type = "1a"
    /\ LessEq(promised[a], m.bal)
    /\ promised' = [promised EXCEPT ![a] = m.bal]
    /\ Send([type |-> "1b", acc |-> a, bal |-> m.bal, votes |-> votes[a]])
    /\ UNCHANGED <<votes, leader, up, learned>>

(***************************************************************************)
(* The value a 2a for slot s may carry, given the 1b messages of a quorum: *)
(* the value of the highest-ballot vote they report for s, or, when they   *)
(* report none, any proposable value.  This is the heart of Paxos: a value *)
(* that may have been chosen is always re-proposed.                        *)
(***************************************************************************)
SafeValue(Q1b, s, v) ==
    LET reported == {m.votes[s] : m \in Q1b} \ {NoVote}
    IN  \/ reported = {}
        \/ \E vt \in reported : /\ vt.val = v
                                /\ \A other \in reported : LessEq(other.bal, vt.bal)

(***************************************************************************)
(* Phase2a: leader r of ballot b proposes v in slot s.  At most one 2a per *)
(* (b, s) is ever sent: the check is on msgs because that is the property  *)
(* the engine must guarantee (across its own crashes too); trace           *)
(* validation checks it.                                                   *)
(***************************************************************************)
Phase2a(r, b, s, v) ==
    /\ up[r]
    /\ leader[r] = b
    /\ InWindow(r, s)
    /\ ~\E m \in msgs : m.type = "2a" /\ m.bal = b /\ m.slot = s
    /\ \E Q \in ReplicaQuorums :
          LET Q1b == {m \in msgs : m.type = "1b" /\ m.bal = b /\ m.acc \in Q}
          IN  /\ \A a \in Q : \E m \in Q1b : m.acc = a
              /\ SafeValue(Q1b, s, v)
    /\ Send([type |-> "2a", bal |-> b, slot |-> s, val |-> v])
    /\ UNCHANGED <<promised, votes, leader, up, learned>>

(***************************************************************************)
(* Phase2b: a accepts m unless it promised a higher ballot.  Accepting     *)
(* also promises m.bal (Max: equal to m.bal whenever Accepts2a holds).     *)
(***************************************************************************)
Accepts2a(a, m) == LessEq(promised[a], m.bal)

Phase2b(a, m) ==
    /\ up[a]
    /\ m \in msgs /\ m.type = "2a"
    /\ Accepts2a(a, m)
    /\ promised' = [promised EXCEPT ![a] = Max(promised[a], m.bal)]
    /\ votes' = [votes EXCEPT ![a][m.slot] = [bal |-> m.bal, val |-> m.val]]
    /\ Send([type |-> "2b", acc |-> a, bal |-> m.bal, slot |-> m.slot, val |-> m.val])
    /\ UNCHANGED <<leader, up, learned>>

(***************************************************************************)
(* Learn: r learns that v is chosen in s: a quorum voted for v in s in the *)
(* same ballot.  This abstracts both the leader deciding and a follower    *)
(* receiving the leader's Commit.  Learning the same value again is a     *)
(* no-op (a duplicate Commit); a different one is not enabled.            *)
(***************************************************************************)
ChosenIn(s, v, Q, b) ==
    \A a \in Q : [type |-> "2b", acc |-> a, bal |-> b, slot |-> s, val |-> v] \in msgs

Learn(r, s, v) ==
    /\ r \in Learners
    /\ up[r]
    /\ learned[r][s] \in {None, v}
    /\ \E b \in Ballots, Q \in ReplicaQuorums : ChosenIn(s, v, Q, b)
    /\ learned' = [learned EXCEPT ![r][s] = v]
    /\ UNCHANGED <<promised, votes, leader, up, msgs>>

(***************************************************************************)
(* InstallSnapshot: r installs a snapshot q made of slots 1..k (state      *)
(* transfer to a lagging replica), learning that whole prefix in one step  *)
(* instead of one Learn per slot.  q need not be up: learned is durable    *)
(* and only grows, so any prefix q knows now it may have snapshotted       *)
(* earlier.  Why it is safe: it only copies values a learner already       *)
(* learned (so they were chosen, and Agreement and Validity are kept), and *)
(* r must not have learned something else in the prefix.  It adds no       *)
(* reachable state, only shortcuts: each copied slot could be learned by   *)
(* Learn, whose quorum of 2b messages is still in msgs.                    *)
(***************************************************************************)
InstallSnapshot(r, q, k) ==
    /\ SnapshotTransfer
    /\ r \in Learners /\ q \in Learners
    /\ up[r]
    /\ \A i \in 1..k : learned[q][i] # None
    /\ \A i \in 1..k : learned[r][i] \in {None, learned[q][i]}
    /\ learned' = [learned EXCEPT ![r] = [i \in Slots |-> IF i <= k THEN learned[q][i] ELSE @[i]]]
    /\ UNCHANGED <<promised, votes, leader, up, msgs>>

(***************************************************************************)
(* Crash loses the volatile state (the ballot r leads); what r promised,   *)
(* voted and learned is on disk and comes back on Restart.                 *)
(***************************************************************************)
RecoveredPromise(r) == promised[r]

Crash(r) ==
    /\ r \in Crashable
    /\ up[r]
    /\ up' = [up EXCEPT ![r] = FALSE]
    /\ leader' = [leader EXCEPT ![r] = Zero]
    /\ UNCHANGED <<promised, votes, learned, msgs>>

Restart(r) ==
    /\ ~up[r]
    /\ up' = [up EXCEPT ![r] = TRUE]
    /\ promised' = [promised EXCEPT ![r] = RecoveredPromise(r)]
    /\ UNCHANGED <<votes, leader, learned, msgs>>

Next ==
    \/ \E r \in Replicas, b \in Ballots : Phase1a(r, b)
    \/ \E a \in Replicas, m \in msgs : Phase1b(a, m)
    \/ \E r \in Replicas, b \in Ballots, s \in Slots, v \in Proposable : Phase2a(r, b, s, v)
    \/ \E a \in Replicas, m \in msgs : Phase2b(a, m)
    \/ \E r \in Replicas, s \in Slots, v \in Proposable : Learn(r, s, v)
    \/ \E r, q \in Replicas, k \in Slots : InstallSnapshot(r, q, k)
    \/ \E r \in Replicas : Crash(r) \/ Restart(r)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* Liveness.  Ballots are bounded in a model, so dueling leaders run out   *)
(* of ballots and the owner of the highest one started finishes: under    *)
(* weak fairness of Next and without crashes every replica learns every    *)
(* slot.  (Unbounded ballots need a stable leader; that is the engine's   *)
(* election timeout, outside this spec.)                                   *)
(***************************************************************************)
FairSpec == Spec /\ WF_vars(Next)
EveryoneLearnsEverything ==
    <>(\A r \in Learners, s \in Slots : learned[r][s] # None)

(***************************************************************************)
(* Liveness under a stable leader, with weak fairness per action.          *)
(*                                                                         *)
(* LiveSpec makes each action weakly fair except the two that disturb      *)
(* progress, Phase1a (a new ballot) and Crash; the assumption StableLeader *)
(* says that from some point on neither happens and one leader l is up,   *)
(* leads a ballot and no 1a above it was ever sent.  Under it:            *)
(*  - every learner learns every slot (EveryoneLearnsEverything), and     *)
(*  - every command the stable leader proposed is learned by every         *)
(*    learner (ProposalsLearned holds from some point on).                 *)
(* The leader must be a learner for its window to move past Window slots  *)
(* (in the engine every replica learns).                                  *)
(***************************************************************************)
Disturbance == \E r \in Replicas : Crash(r) \/ \E b \in Ballots : Phase1a(r, b)

LeadsTop(l) ==
    /\ up[l] /\ leader[l] # Zero
    /\ \A m \in msgs : m.type = "1a" => LessEq(m.bal, leader[l])

StableLeader == <>[][~Disturbance]_vars /\ <>[](\E l \in Leaders : LeadsTop(l))

LiveSpec ==
    /\ Spec
    /\ WF_vars(\E a \in Replicas, m \in msgs : Phase1b(a, m))
    /\ WF_vars(\E r \in Replicas, b \in Ballots, s \in Slots, v \in Proposable : Phase2a(r, b, s, v))
    /\ WF_vars(\E a \in Replicas, m \in msgs : Phase2b(a, m))
    /\ WF_vars(\E r \in Replicas, s \in Slots, v \in Proposable : Learn(r, s, v))
    /\ WF_vars(\E r \in Replicas : Restart(r))

\* Every 2a of the stable leader's ballot: its value is what every learner learned in its slot.
ProposalsLearned ==
    \A m \in msgs :
        (m.type = "2a" /\ \E l \in Leaders : LeadsTop(l) /\ m.bal = leader[l])
            => \A r \in Learners : learned[r][m.slot] = m.val

StableLeaderLearnsEverything == StableLeader => EveryoneLearnsEverything
StableLeaderLearnsProposals == StableLeader => <>[]ProposalsLearned

(***************************************************************************)
(* Safety invariants.                                                      *)
(***************************************************************************)
\* No two replicas learn different values for the same slot.
Agreement ==
    \A r1, r2 \in Replicas, s \in Slots :
        (learned[r1][s] # None /\ learned[r2][s] # None) => learned[r1][s] = learned[r2][s]

\* Only values some leader proposed in that slot (client values or NoOp) are learned.
Validity ==
    \A r \in Replicas, s \in Slots :
        learned[r][s] # None =>
            /\ learned[r][s] \in Proposable
            /\ \E m \in msgs : m.type = "2a" /\ m.slot = s /\ m.val = learned[r][s]

\* No acceptor holds a vote above its promise (so a promise really fences off lower ballots).
VoteBelowPromise ==
    \A a \in Replicas, s \in Slots : LessEq(votes[a][s].bal, promised[a])


(***************************************************************************)
(* Refinement to Consensus.  A value is chosen in s when a quorum voted    *)
(* for it in s in one ballot (ChosenIn); chosenBar maps a state to         *)
(* Consensus's chosen.  Every step of Next must be a Consensus step       *)
(* (choose the first value of a slot) or leave chosenBar unchanged.  It   *)
(* fails on the step that completes a quorum for a second value in a       *)
(* slot, before any learner sees it, so it catches a broken quorum or a   *)
(* lost promise even in a model where no two learners could disagree.      *)
(* Chosen is defined with the (overridable) quorums of the model, so a     *)
(* mutant is judged by its own notion of "chosen".                         *)
(***************************************************************************)
Chosen(s) == {v \in Proposable : \E b \in Ballots, Q \in ReplicaQuorums : ChosenIn(s, v, Q, b)}
chosenBar == [s \in Slots |-> Chosen(s)]
Cons == INSTANCE Consensus WITH Values <- Proposable, chosen <- chosenBar
Refinement == Cons!Spec

\* What a replica learned was chosen: with Refinement (one chosen value per slot) this gives Agreement.
LearnedChosen ==
    \A r \in Replicas, s \in Slots : learned[r][s] # None => learned[r][s] \in Chosen(s)

(***************************************************************************)
(* View: the state as far as any later step or property can tell (TLC:     *)
(* VIEW View; the mirror's StateView).  A 1b of ballot b is read only by   *)
(* Phase2a(r, b, s, v), through the quorum of 1b messages of b and their  *)
(* votes for s, and Phase2a(r, b, s, v) is enabled only while no 2a for    *)
(* (b, s) was sent.  So once a 2a for (b, s) is out, what the 1b messages  *)
(* of b report for s is dead, and once every slot has one, so are those    *)
(* 1b messages; no invariant, Refinement or liveness property reads a 1b.  *)
(* Two states with one view have successors with one view and the same    *)
(* verdicts, so counting views loses nothing.  It matters with competing  *)
(* ballots: an acceptor may answer a 1a again after each vote, and those   *)
(* 1b messages multiply the states (MCPipelineBallots: 1,056,870 views,    *)
(* where a search of the states themselves filled a 6 GB heap unfinished).*)
(***************************************************************************)
Has2a(b, s) == \E m \in msgs : m.type = "2a" /\ m.bal = b /\ m.slot = s
OpenSlots(b) == {s \in Slots : ~Has2a(b, s)}
LiveOneB(m) == [type |-> "1b", acc |-> m.acc, bal |-> m.bal, votes |-> [s \in OpenSlots(m.bal) |-> m.votes[s]]]
LiveMsgs ==
    {m \in msgs : m.type # "1b"}
        \cup {LiveOneB(m) : m \in {m1 \in msgs : m1.type = "1b" /\ OpenSlots(m1.bal) # {}}}
View == <<promised, votes, leader, up, learned, LiveMsgs>>

=============================================================================
