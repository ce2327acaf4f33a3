---- MODULE MCReconfig ----
(* Model MCReconfig: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
