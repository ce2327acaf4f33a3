---- MODULE MCSnapshot ----
(* Model MCSnapshot: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
