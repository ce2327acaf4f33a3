---- MODULE RingFence_TTrace_1796203148 ----
EXTENDS RingFence, Sequences, TLCExt, Toolbox, Naturals, TLC

_expression ==
    LET RingFence_TEExpression == INSTANCE RingFence_TEExpression
    IN RingFence_TEExpression!expression
----

_trace ==
    LET RingFence_TETrace == INSTANCE RingFence_TETrace
    IN RingFence_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        head = (1)
        /\
        wPub = (1)
        /\
        wEpoch = (0)
        /\
        permitted = ({})
        /\
        mem = ((0 :> <<0, 0>> @@ 1 :> <<"torn">>))
        /\
        wDead = (FALSE)
        /\
        tailPos = (1)
        /\
        tailEpoch = (0)
        /\
        delivered = (<<<<0, 0>>>>)
        /\
        wPhase = ("idle")
        /\
        revoked = (FALSE)
    )
----

_init ==
    /\ wPhase = _TETrace[1].wPhase
    /\ permitted = _TETrace[1].permitted
    /\ wDead = _TETrace[1].wDead
    /\ revoked = _TETrace[1].revoked
    /\ tailEpoch = _TETrace[1].tailEpoch
    /\ mem = _TETrace[1].mem
    /\ wEpoch = _TETrace[1].wEpoch
    /\ tailPos = _TETrace[1].tailPos
    /\ head = _TETrace[1].head
    /\ wPub = _TETrace[1].wPub
    /\ delivered = _TETrace[1].delivered
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ wPhase  = _TETrace[i].wPhase
        /\ wPhase' = _TETrace[j].wPhase
        /\ permitted  = _TETrace[i].permitted
        /\ permitted' = _TETrace[j].permitted
        /\ wDead  = _TETrace[i].wDead
        /\ wDead' = _TETrace[j].wDead
        /\ revoked  = _TETrace[i].revoked
        /\ revoked' = _TETrace[j].revoked
        /\ tailEpoch  = _TETrace[i].tailEpoch
        /\ tailEpoch' = _TETrace[j].tailEpoch
        /\ mem  = _TETrace[i].mem
        /\ mem' = _TETrace[j].mem
        /\ wEpoch  = _TETrace[i].wEpoch
        /\ wEpoch' = _TETrace[j].wEpoch
        /\ tailPos  = _TETrace[i].tailPos
        /\ tailPos' = _TETrace[j].tailPos
        /\ head  = _TETrace[i].head
        /\ head' = _TETrace[j].head
        /\ wPub  = _TETrace[i].wPub
        /\ wPub' = _TETrace[j].wPub
        /\ delivered  = _TETrace[i].delivered
        /\ delivered' = _TETrace[j].delivered

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("RingFence_TTrace_1796203148.json", _TETrace)

=============================================================================

 Note that you can extract this module `RingFence_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `RingFence_TEExpression.tla` file takes precedence 
  over the module `RingFence_TEExpression` below).

---- MODULE RingFence_TEExpression ----
EXTENDS RingFence, Sequences, TLCExt, Toolbox, Naturals, TLC

expression == 
    [
        \* To hide variables of the `RingFence` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        wPhase |-> wPhase
        ,permitted |-> permitted
        ,wDead |-> wDead
        ,revoked |-> revoked
        ,tailEpoch |-> tailEpoch
        ,mem |-> mem
        ,wEpoch |-> wEpoch
        ,tailPos |-> tailPos
        ,head |-> head
        ,wPub |-> wPub
        ,delivered |-> delivered
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_wPhaseUnchanged |-> wPhase = wPhase'
        
        \* Format the `wPhase` variable as Json value.
        \* ,_wPhaseJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(wPhase)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_wPhaseModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].wPhase # _TETrace[s-1].wPhase
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE RingFence_TETrace ----
\*EXTENDS RingFence, IOUtils, TLC
\*
\*trace == IODeserialize("RingFence_TTrace_1796203148.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE RingFence_TETrace ----
EXTENDS RingFence, TLC

trace == 
    <<
    ([head |-> 0,wPub |-> 0,wEpoch |-> 0,permitted |-> {},mem |-> (0 :> <<"torn">> @@ 1 :> <<"torn">>),wDead |-> FALSE,tailPos |-> 0,tailEpoch |-> 0,delivered |-> <<>>,wPhase |-> "idle",revoked |-> FALSE]),
    ([head |-> 0,wPub |-> 0,wEpoch |-> 0,permitted |-> {},mem |-> (0 :> <<"torn">> @@ 1 :> <<"torn">>),wDead |-> FALSE,tailPos |-> 0,tailEpoch |-> 0,delivered |-> <<>>,wPhase |-> "writing",revoked |-> FALSE]),
    ([head |-> 0,wPub |-> 0,wEpoch |-> 0,permitted |-> {},mem |-> (0 :> <<0, 0>> @@ 1 :> <<"torn">>),wDead |-> FALSE,tailPos |-> 0,tailEpoch |-> 0,delivered |-> <<>>,wPhase |-> "written",revoked |-> FALSE]),
    ([head |-> 0,wPub |-> 0,wEpoch |-> 0,permitted |-> {},mem |-> (0 :> <<0, 0>> @@ 1 :> <<"torn">>),wDead |-> FALSE,tailPos |-> 0,tailEpoch |-> 0,delivered |-> <<>>,wPhase |-> "written",revoked |-> TRUE]),
    ([head |-> 0,wPub |-> 1,wEpoch |-> 0,permitted |-> {},mem |-> (0 :> <<0, 0>> @@ 1 :> <<"torn">>),wDead |-> FALSE,tailPos |-> 1,tailEpoch |-> 0,delivered |-> <<>>,wPhase |-> "idle",revoked |-> FALSE]),
    ([head |-> 1,wPub |-> 1,wEpoch |-> 0,permitted |-> {},mem |-> (0 :> <<0, 0>> @@ 1 :> <<"torn">>),wDead |-> FALSE,tailPos |-> 1,tailEpoch |-> 0,delivered |-> <<<<0, 0>>>>,wPhase |-> "idle",revoked |-> FALSE])
    >>
----


=============================================================================

---- CONFIG RingFence_TTrace_1796203148 ----
CONSTANTS
    Cap = 2
    MaxPos = 4
    MaxEpoch = 1
    PublishEarly = FALSE
    IgnoreRevoke = TRUE

INVARIANT
    _inv

CHECK_DEADLOCK
    \* CHECK_DEADLOCK off because of PROPERTY or INVARIANT above.
    FALSE

INIT
    _init

NEXT
    _next

CONSTANT
    _TETrace <- _trace

ALIAS
    _expression
=============================================================================
\* Generated on Wed Dec 02 09:19:15 UTC 2026