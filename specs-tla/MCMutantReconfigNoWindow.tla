---- MODULE MCMutantReconfigNoWindow ----
(* Model MCMutantReconfigNoWindow: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxosReconfig
\* Mutant: leaders pipeline beyond alpha, taking the configuration from the
\* log entries they happen to know.
MutInWindow(r, s) == TRUE
====
