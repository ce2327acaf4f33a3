---- MODULE MCMutantQuorumHalf ----
(* Model MCMutantQuorumHalf: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos
\* Mutant: "half" quorums (integer division), which need not intersect.
MutIsQuorum(Q, C) == Cardinality(Q) >= Cardinality(C) \div 2
====
