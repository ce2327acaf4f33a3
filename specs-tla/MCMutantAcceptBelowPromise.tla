---- MODULE MCMutantAcceptBelowPromise ----
(* Model MCMutantAcceptBelowPromise: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos
\* Mutant: an acceptor votes for a 2a below its promise.
MutAccepts2a(a, m) == TRUE
====
