---- MODULE MCReconfigDeepBallots ----
(* Model MCReconfigDeepBallots: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
