---- MODULE MCIndInv ----
(* Model MCIndInv: the inductive-invariant check of MultiPaxosIndInv; see README.md. *)
EXTENDS MultiPaxosIndInv

====
