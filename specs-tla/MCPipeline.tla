---- MODULE MCPipeline ----
(* Model MCPipeline: see README.md for its purpose and measured size. *)
EXTENDS MultiPaxos

====
