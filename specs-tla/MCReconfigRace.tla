---- MODULE MCReconfigRace ----
(* Model MCReconfigRace: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig

====
