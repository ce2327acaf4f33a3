---- MODULE MCLiveReconfig ----
(* Model MCLiveReconfig: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
