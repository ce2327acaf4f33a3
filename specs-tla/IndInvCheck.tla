---- MODULE IndInvCheck ----
(* Model IndInvCheck: the inductive-invariant check of MultiPaxosIndInv; see README.md. *)
EXTENDS MultiPaxosIndInv

====
