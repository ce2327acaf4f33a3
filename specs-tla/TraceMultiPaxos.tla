-------------------------- MODULE TraceMultiPaxos --------------------------
(***************************************************************************)
(* Trace validation with TLC: does a recorded engine run follow the spec?  *)
(*                                                                         *)
(* The engine emits one event per spec action (docs/spec-mapping.md); the  *)
(* simulator writes a run's events as the sequence Trace (see MCTrace*.tla *)
(* written by io.decree.sim.TlaTrace).  The behaviour below takes exactly  *)
(* the recorded steps, in order, through the actions of MultiPaxos.  If   *)
(* some step is not enabled, TLC stops with "Deadlock reached" and the    *)
(* state it prints has i = the position of that step: the first engine    *)
(* step the spec does not allow.  A trace the spec accepts ends in        *)
(* stuttering, so TLC finishes with no error, having also checked every   *)
(* invariant in every state of the run.                                    *)
(*                                                                         *)
(* This is the same check the Java mirror (io.decree.spec.Replay) makes on *)
(* every CI run; this module lets TLC itself make it.                      *)
(***************************************************************************)
EXTENDS MultiPaxos, Sequences

CONSTANT Trace   \* << [action, r, bal, slot, val], ... >>: the engine's steps
                 \* (InstallSnapshot: [action, r, q, k])

VARIABLE i       \* the position in Trace of the next step to check

traceVars == <<vars, i>>

\* One recorded step, as the spec action it names.  Messages are named by their
\* fields, as the engine's events name them.
TakeStep(e) ==
    CASE e.action = "Phase1a" -> Phase1a(e.r, e.bal)
      [] e.action = "Phase1b" -> Phase1b(e.r, [type |-> "1a", bal |-> e.bal])
      [] e.action = "Phase2a" -> Phase2a(e.r, e.bal, e.slot, e.val)
      [] e.action = "Phase2b" -> Phase2b(e.r, [type |-> "2a", bal |-> e.bal, slot |-> e.slot, val |-> e.val])
      [] e.action = "Learn"   -> Learn(e.r, e.slot, e.val)
      [] e.action = "InstallSnapshot" -> InstallSnapshot(e.r, e.q, e.k)
      [] e.action = "Crash"   -> Crash(e.r)
      [] e.action = "Restart" -> Restart(e.r)

TraceInit == Init /\ i = 1

TraceNext ==
    \/ /\ i <= Len(Trace)
       /\ TakeStep(Trace[i])
       /\ i' = i + 1
    \/ /\ i > Len(Trace)          \* the whole trace was accepted: stutter rather than deadlock
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

=============================================================================
