---- MODULE MCReconfigTwoChanges ----
(* Model MCReconfigTwoChanges: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
