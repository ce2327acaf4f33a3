---- MODULE MCMutantAcceptBelowPromise_TTrace_1796192626 ----
EXTENDS MCMutantAcceptBelowPromise, Sequences, TLCExt, Toolbox, MCMutantAcceptBelowPromise_TEConstants, Naturals, TLC

_expression ==
    LET MCMutantAcceptBelowPromise_TEExpression == INSTANCE MCMutantAcceptBelowPromise_TEExpression
    IN MCMutantAcceptBelowPromise_TEExpression!expression
----

_trace ==
    LET MCMutantAcceptBelowPromise_TETrace == INSTANCE MCMutantAcceptBelowPromise_TETrace
    IN MCMutantAcceptBelowPromise_TETrace!trace
----

_inv ==
    ~(
        TLCGet("level") = Len(_TETrace)
        /\
        leader = (<<<<1, 1>>, <<1, 2>>, <<0, 0>>>>)
        /\
        msgs = ({[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 1, slot |-> 1], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 2, slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2b", acc |-> 1, slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2b", acc |-> 2, slot |-> 1]})
        /\
        learned = (<<<<None>>, <<None>>, <<None>>>>)
        /\
        votes = (<<<<[bal |-> <<1, 2>>, val |-> NoOp]>>, <<[bal |-> <<1, 2>>, val |-> NoOp]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>)
        /\
        up = (<<TRUE, TRUE, TRUE>>)
        /\
        promised = (<<<<1, 2>>, <<1, 2>>, <<0, 0>>>>)
    )
----

_init ==
    /\ leader = _TETrace[1].leader
    /\ promised = _TETrace[1].promised
    /\ learned = _TETrace[1].learned
    /\ msgs = _TETrace[1].msgs
    /\ votes = _TETrace[1].votes
    /\ up = _TETrace[1].up
----

_next ==
    /\ \E i,j \in DOMAIN _TETrace:
        /\ \/ /\ j = i + 1
              /\ i = TLCGet("level")
        /\ leader  = _TETrace[i].leader
        /\ leader' = _TETrace[j].leader
        /\ promised  = _TETrace[i].promised
        /\ promised' = _TETrace[j].promised
        /\ learned  = _TETrace[i].learned
        /\ learned' = _TETrace[j].learned
        /\ msgs  = _TETrace[i].msgs
        /\ msgs' = _TETrace[j].msgs
        /\ votes  = _TETrace[i].votes
        /\ votes' = _TETrace[j].votes
        /\ up  = _TETrace[i].up
        /\ up' = _TETrace[j].up

\* Uncomment the ASSUME below to write the states of the error trace
\* to the given file in Json format. Note that you can pass any tuple
\* to `JsonSerialize`. For example, a sub-sequence of _TETrace.
    \* ASSUME
    \*     LET J == INSTANCE Json
    \*         IN J!JsonSerialize("MCMutantAcceptBelowPromise_TTrace_1796192626.json", _TETrace)

=============================================================================

 Note that you can extract this module `MCMutantAcceptBelowPromise_TEExpression`
  to a dedicated file to reuse `expression` (the module in the 
  dedicated `MCMutantAcceptBelowPromise_TEExpression.tla` file takes precedence 
  over the module `MCMutantAcceptBelowPromise_TEExpression` below).

---- MODULE MCMutantAcceptBelowPromise_TEExpression ----
EXTENDS MCMutantAcceptBelowPromise, Sequences, TLCExt, Toolbox, MCMutantAcceptBelowPromise_TEConstants, Naturals, TLC

expression == 
    [
        \* To hide variables of the `MCMutantAcceptBelowPromise` spec from the error trace,
        \* remove the variables below.  The trace will be written in the order
        \* of the fields of this record.
        leader |-> leader
        ,promised |-> promised
        ,learned |-> learned
        ,msgs |-> msgs
        ,votes |-> votes
        ,up |-> up
        
        \* Put additional constant-, state-, and action-level expressions here:
        \* ,_stateNumber |-> _TEPosition
        \* ,_leaderUnchanged |-> leader = leader'
        
        \* Format the `leader` variable as Json value.
        \* ,_leaderJson |->
        \*     LET J == INSTANCE Json
        \*     IN J!ToJson(leader)
        
        \* Lastly, you may build expressions over arbitrary sets of states by
        \* leveraging the _TETrace operator.  For example, this is how to
        \* count the number of times a spec variable changed up to the current
        \* state in the trace.
        \* ,_leaderModCount |->
        \*     LET F[s \in DOMAIN _TETrace] ==
        \*         IF s = 1 THEN 0
        \*         ELSE IF _TETrace[s].leader # _TETrace[s-1].leader
        \*             THEN 1 + F[s-1] ELSE F[s-1]
        \*     IN F[_TEPosition - 1]
    ]

=============================================================================



Parsing and semantic processing can take forever if the trace below is long.
 In this case, it is advised to uncomment the module below to deserialize the
 trace from a generated binary file.

\*
\*---- MODULE MCMutantAcceptBelowPromise_TETrace ----
\*EXTENDS MCMutantAcceptBelowPromise, IOUtils, MCMutantAcceptBelowPromise_TEConstants, TLC
\*
\*trace == IODeserialize("MCMutantAcceptBelowPromise_TTrace_1796192626.bin", TRUE)
\*
\*=============================================================================
\*

---- MODULE MCMutantAcceptBelowPromise_TETrace ----
EXTENDS MCMutantAcceptBelowPromise, MCMutantAcceptBelowPromise_TEConstants, TLC

trace == 
    <<
    ([leader |-> <<<<0, 0>>, <<0, 0>>, <<0, 0>>>>,msgs |-> {},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<0, 0>>, <<0, 0>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<0, 0>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<0, 0>>, <<0, 0>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<0, 0>>, <<0, 0>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 1>>, <<0, 0>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 1>>, <<1, 1>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 1>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 1, slot |-> 1]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<1, 1>>, val |-> v1]>>, <<[bal |-> <<0, 0>>, val |-> None]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 1, slot |-> 1], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 2, slot |-> 1]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<1, 1>>, val |-> v1]>>, <<[bal |-> <<1, 1>>, val |-> v1]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 1, slot |-> 1], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 2, slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2b", acc |-> 1, slot |-> 1]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<1, 2>>, val |-> NoOp]>>, <<[bal |-> <<1, 1>>, val |-> v1]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>]),
    ([leader |-> <<<<1, 1>>, <<1, 2>>, <<0, 0>>>>,msgs |-> {[bal |-> <<1, 1>>, type |-> "1a"], [bal |-> <<1, 2>>, type |-> "1a"], [bal |-> <<1, 1>>, val |-> v1, type |-> "2a", slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2a", slot |-> 1], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 1, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 2>>, type |-> "1b", acc |-> 2, votes |-> <<[bal |-> <<0, 0>>, val |-> None]>>], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 1, slot |-> 1], [bal |-> <<1, 1>>, val |-> v1, type |-> "2b", acc |-> 2, slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2b", acc |-> 1, slot |-> 1], [bal |-> <<1, 2>>, val |-> NoOp, type |-> "2b", acc |-> 2, slot |-> 1]},learned |-> <<<<None>>, <<None>>, <<None>>>>,votes |-> <<<<[bal |-> <<1, 2>>, val |-> NoOp]>>, <<[bal |-> <<1, 2>>, val |-> NoOp]>>, <<[bal |-> <<0, 0>>, val |-> None]>>>>,up |-> <<TRUE, TRUE, TRUE>>,promised |-> <<<<1, 2>>, <<1, 2>>, <<0, 0>>>>])
    >>
----


=============================================================================

---- MODULE MCMutantAcceptBelowPromise_TEConstants ----
EXTENDS MCMutantAcceptBelowPromise

CONSTANTS v1

=============================================================================

---- CONFIG MCMutantAcceptBelowPromise_TTrace_1796192626 ----
CONSTANTS
    N = 3
    MaxRound = 1
    MaxSlot = 1
    Values = { v1 }
    Window = 1
    Leaders = { 1 , 2 }
    Learners = { 1 , 2 }
    Crashable = { }
    NoOp = NoOp
    None = None
    SnapshotTransfer = FALSE
    Accepts2a <- MutAccepts2a
    v1 = v1
    NoOp = NoOp
    None = None

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
\* Generated on Wed Dec 02 06:39:57 UTC 2026