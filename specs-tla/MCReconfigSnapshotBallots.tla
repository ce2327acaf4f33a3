---- MODULE MCReconfigSnapshotBallots ----
(* Model MCReconfigSnapshotBallots: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
