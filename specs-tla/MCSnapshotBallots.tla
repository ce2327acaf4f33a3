---- MODULE MCSnapshotBallots ----
(* Model MCSnapshotBallots: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
