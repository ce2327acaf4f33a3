---- MODULE MCTwoLeadersCrash ----
(* Model MCTwoLeadersCrash: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
