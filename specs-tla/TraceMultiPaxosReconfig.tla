---------------------- MODULE TraceMultiPaxosReconfig ----------------------
(***************************************************************************)
(* Trace validation with TLC for runs with configuration changes: the same *)
(* check as TraceMultiPaxos (read it first), through the actions of        *)
(* MultiPaxosReconfig.  Values are records ([decree |-> id] for a client   *)
(* value, [config |-> C] for a change) because TLC cannot compare a string *)
(* with a record.  A recorded Phase2b names its 2a by ballot, slot and     *)
(* value; here the 2a also carries the configuration its leader used, so *)
(* the step takes the 2a in msgs with those three fields.                  *)
(***************************************************************************)
EXTENDS MultiPaxosReconfig, Sequences

CONSTANT Trace   \* << [action, r, bal, slot, val], ... >> (InstallSnapshot: [action, r, q, k])

VARIABLE i       \* the position in Trace of the next step to check

traceVars == <<vars, i>>

TakeStep(e) ==
    CASE e.action = "Phase1a" -> Base!Phase1a(e.r, e.bal)
      [] e.action = "Phase1b" -> Base!Phase1b(e.r, [type |-> "1a", bal |-> e.bal])
      [] e.action = "Phase2a" -> Phase2a(e.r, e.bal, e.slot, e.val)
      [] e.action = "Phase2b" -> \E m \in msgs : /\ m.type = "2a"
                                                 /\ m.bal = e.bal /\ m.slot = e.slot /\ m.val = e.val
                                                 /\ Base!Phase2b(e.r, m)
      [] e.action = "Learn"   -> Learn(e.r, e.slot, e.val)
      [] e.action = "InstallSnapshot" -> Base!InstallSnapshot(e.r, e.q, e.k)
      [] e.action = "Crash"   -> Base!Crash(e.r)
      [] e.action = "Restart" -> Base!Restart(e.r)

TraceInit == Init /\ i = 1

TraceNext ==
    \/ /\ i <= Len(Trace)
       /\ TakeStep(Trace[i])
       /\ i' = i + 1
    \/ /\ i > Len(Trace)          \* the whole trace was accepted: stutter rather than deadlock
       /\ UNCHANGED traceVars

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

=============================================================================
