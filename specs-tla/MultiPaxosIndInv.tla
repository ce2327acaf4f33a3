-------------------------- MODULE MultiPaxosIndInv --------------------------
(***************************************************************************)
(* An inductive invariant for the safety of one slot of MultiPaxos (the    *)
(* single-decree core), in the style of the invariant of Lamport's Paxos   *)
(* example: IndInv holds initially, every step of Next keeps it, and it    *)
(* implies that at most one value is chosen, hence Agreement.             *)
(*                                                                         *)
(* Checked with the inductive-invariant trick (IndInvCheck): TLC starts from  *)
(* EVERY state of a bounded type-correct set that satisfies IndInv (at     *)
(* most MaxMsgs messages, any promises, votes, leaders, up flags and       *)
(* learned values), takes the steps of Next from them, and checks IndInv   *)
(* and Consistent in every state it reaches.  Bounded: this is evidence    *)
(* for these constants, not a proof.                                       *)
(***************************************************************************)
EXTENDS MultiPaxos

CONSTANT MaxMsgs   \* bound on |msgs| in the initial states of the check

VotedFor(a, b, s, v) == [type |-> "2b", acc |-> a, bal |-> b, slot |-> s, val |-> v] \in msgs
VotedIn(a, b, s) == \E v \in Proposable : VotedFor(a, b, s, v)

\* a promised above c and did not vote in c: it never will (Accepts2a needs promised <= ballot).
WontVoteIn(a, c, s) == Less(c, promised[a]) /\ ~VotedIn(a, c, s)

\* No value other than v is or can be chosen in s in a ballot below b.
SafeAt(b, s, v) ==
    \A c \in Ballots : Less(c, b) =>
        \E Q \in ReplicaQuorums : \A a \in Q : VotedFor(a, c, s, v) \/ WontVoteIn(a, c, s)

MsgInv ==
    \A m \in msgs :
        /\ m.type = "1b" =>
              /\ LessEq(m.bal, promised[m.acc])
              /\ \A s \in Slots :
                    LET vt == m.votes[s] IN
                    /\ LessEq(vt.bal, m.bal)
                    /\ vt # NoVote => VotedFor(m.acc, vt.bal, s, vt.val)
                    /\ \A c \in Ballots : (Less(vt.bal, c) /\ Less(c, m.bal)) => ~VotedIn(m.acc, c, s)
        /\ m.type = "2a" =>
              /\ SafeAt(m.bal, m.slot, m.val)
              /\ \A m2 \in msgs : (m2.type = "2a" /\ m2.bal = m.bal /\ m2.slot = m.slot) => m2 = m
        /\ m.type = "2b" =>
              /\ LessEq(m.bal, promised[m.acc])
              /\ [type |-> "2a", bal |-> m.bal, slot |-> m.slot, val |-> m.val] \in msgs

\* votes[a][s] is a's highest vote in s, and it was sent.
VotesInv ==
    \A a \in Replicas, s \in Slots :
        /\ LessEq(votes[a][s].bal, promised[a])
        /\ votes[a][s] # NoVote => VotedFor(a, votes[a][s].bal, s, votes[a][s].val)
        /\ \A m \in msgs : (m.type = "2b" /\ m.acc = a /\ m.slot = s) => LessEq(m.bal, votes[a][s].bal)

\* Only a running replica leads, its own ballot; only crashable replicas are down; only learners learn.
LocalInv ==
    \A r \in Replicas :
        /\ leader[r] = Zero \/ (Owner(leader[r]) = r /\ up[r])
        /\ up[r] \/ r \in Crashable
        /\ r \notin Learners => \A s \in Slots : learned[r][s] = None

IndInv == TypeOK /\ MsgInv /\ VotesInv /\ LocalInv /\ LearnedChosen

\* ACTION_CONSTRAINT: only steps from states with at most MaxMsgs messages (the IndInit ones) are taken, so
\* TLC checks exactly one step from every initial state.  (A state CONSTRAINT would not do: TLC drops the
\* successors that break it without checking them.)
MsgBound == Cardinality(msgs) <= MaxMsgs

\* What IndInv is for: at most one value chosen per slot (with LearnedChosen, Agreement).
Consistent == \A s \in Slots : \A v, w \in Chosen(s) : v = w

(***************************************************************************)
(* The bounded type-correct initial predicate.  Conjuncts are ordered so   *)
(* TLC filters each variable's candidates before enumerating the next one. *)
(***************************************************************************)
\* Sets of at most MaxMsgs (<= 3) messages, built from tuples: SUBSET Messages has 2^|Messages| elements.
BoundedMsgs ==
    {{}} \cup {{m} : m \in Messages}
    \cup (IF MaxMsgs >= 2 THEN {{m1, m2} : m1, m2 \in Messages} ELSE {})
    \cup (IF MaxMsgs >= 3 THEN {{m1, m2, m3} : m1, m2, m3 \in Messages} ELSE {})
ASSUME MaxMsgs \in 0..3
IndInit ==
    /\ msgs \in BoundedMsgs
    /\ promised \in [Replicas -> BallotOrZero]
    /\ MsgInv
    /\ votes \in [Replicas -> [Slots -> Votes]]
    /\ VotesInv
    /\ up \in [Replicas -> BOOLEAN]
    /\ \A r \in Replicas : up[r] \/ r \in Crashable
    /\ leader \in [Replicas -> BallotOrZero]
    /\ \A r \in Replicas : leader[r] = Zero \/ (Owner(leader[r]) = r /\ up[r])
    /\ learned \in [Replicas -> [Slots -> Proposable \cup {None}]]
    /\ LocalInv
    /\ LearnedChosen
=============================================================================
