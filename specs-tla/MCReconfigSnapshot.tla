---- MODULE MCReconfigSnapshot ----
(* Model MCReconfigSnapshot: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
