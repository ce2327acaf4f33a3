---- MODULE MCPipelineBallots ----
(* Model MCPipelineBallots: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
