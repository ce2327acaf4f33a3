---- MODULE MCTwoLeaders ----
(* Model MCTwoLeaders: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
