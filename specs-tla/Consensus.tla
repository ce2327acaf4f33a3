------------------------------ MODULE Consensus ------------------------------
(***************************************************************************)
(* What multi-Paxos implements, slot by slot: in each slot at most one     *)
(* value is ever chosen, and a chosen value stays chosen.  This is the     *)
(* Consensus of Lamport's "Paxos" example, with one instance per slot.     *)
(* MultiPaxos and MultiPaxosReconfig refine it (their Refinement property) *)
(* under the mapping chosen[s] = the values a quorum voted for in s in one *)
(* ballot: a step either chooses the first value of a slot or leaves       *)
(* chosen as it is, never a second value.                                  *)
(***************************************************************************)
CONSTANTS Slots, Values

VARIABLE chosen   \* chosen[s]: the set of values chosen in slot s (empty or one)

TypeOK == chosen \in [Slots -> SUBSET Values]

Init == chosen = [s \in Slots |-> {}]

Choose(s, v) ==
    /\ chosen[s] = {}
    /\ chosen' = [chosen EXCEPT ![s] = {v}]

Next == \E s \in Slots, v \in Values : Choose(s, v)

Spec == Init /\ [][Next]_chosen

=============================================================================
