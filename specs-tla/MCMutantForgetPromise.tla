---- MODULE MCMutantForgetPromise ----
(* Model MCMutantForgetPromise: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos
\* Mutant: the promise is not durable: a restarted acceptor has promised nothing.
MutRecoveredPromise(r) == Zero
====
