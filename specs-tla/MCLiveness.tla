---- MODULE MCLiveness ----
(* Model MCLiveness: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
