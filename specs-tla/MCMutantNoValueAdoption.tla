---- MODULE MCMutantNoValueAdoption ----
(* Model MCMutantNoValueAdoption: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos
\* Mutant: a new leader ignores the votes its phase 1 reported.
MutSafeValue(Q1b, s, v) == TRUE
====
