---- MODULE MCReconfigDeep ----
(* Model MCReconfigDeep: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
