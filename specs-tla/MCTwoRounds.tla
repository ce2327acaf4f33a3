---- MODULE MCTwoRounds ----
(* Model MCTwoRounds: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
