---- MODULE MCReconfigBallots ----
(* Model MCReconfigBallots: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
