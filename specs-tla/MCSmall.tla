---- MODULE MCSmall ----
(* Model MCSmall: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
