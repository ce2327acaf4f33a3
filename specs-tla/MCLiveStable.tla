---- MODULE MCLiveStable ----
(* Model MCLiveStable: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
