\* module: MultiPaxosRefinesLog
\* spec: spec/MultiPaxos.tla
\* extra variables: prevLog
-----------------------------------------------------------------------------
(***************************************************************************)
(* Multi-Paxos refines a log in which each slot is decided at most once.   *)
(* The abstract spec has one variable, log, a function from slots to sets  *)
(* of entries:                                                             *)
(*                                                                         *)
(*   LogInit == log = [i \in Slots |-> {}]                                 *)
(*   LogNext == \E i \in Slots, e \in requested :                          *)
(*                 log[i] = {} /\ log' = [log EXCEPT ![i] = {e}]           *)
(*                                                                         *)
(* with the refinement mapping log[i] <- Chosen(i), requested <- the       *)
(* entries Requested (a client's request, or the no-op).  One step of      *)
(* Multi-Paxos decides at most one slot (a vote is cast in one slot), and  *)
(* a decided slot never changes.  As in PaxosRefinesConsensus, the step    *)
(* condition is a state invariant over an auxiliary variable, prevLog,     *)
(* holding the log before the last step (NoPrevious in an initial state),  *)
(* which the actions write and never read.                                 *)
(***************************************************************************)
ChosenLog == [i \in Slots |-> Chosen(i)]

\* No set of entries equals {None}: None is not an entry.
NoPrevious == [i \in Slots |-> {None}]

LogInit(log) == \A i \in Slots : log[i] = {}

LogNext(log, logAfter) ==
    \E i \in Slots :
        /\ log[i] = {}
        /\ \E e \in Entries : Requested(e) /\ logAfter = [log EXCEPT ![i] = {e}]

RInit == Init /\ prevLog = NoPrevious

RNext == Next /\ prevLog' = ChosenLog

RefinesLog ==
    \/ /\ prevLog = NoPrevious
       /\ LogInit(ChosenLog)
    \/ /\ prevLog # NoPrevious
       /\ \/ ChosenLog = prevLog
          \/ LogNext(prevLog, ChosenLog)
