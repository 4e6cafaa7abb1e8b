\* module: PaxosRefinesConsensus
\* spec: spec/Paxos.tla
\* extra variables: prevChosen
-----------------------------------------------------------------------------
(***************************************************************************)
(* Basic Paxos refines Consensus.  The abstract spec (Lamport's Consensus) *)
(* has one variable, chosen, a set of values:                              *)
(*                                                                         *)
(*   ConsensusInit == chosen = {}                                          *)
(*   ConsensusNext == chosen = {} /\ \E v \in proposed : chosen' = {v}     *)
(*                                                                         *)
(* with the refinement mapping chosen <- Chosen, proposed <- the values    *)
(* requested.  So Chosen starts empty and changes at most once, to a       *)
(* single requested value; every other step of Paxos is a stutter of it.  *)
(*                                                                         *)
(* Under TLC one would INSTANCE a Consensus module with that mapping and  *)
(* check its Spec as a PROPERTY.  The embedded engine has neither, so the  *)
(* step condition is checked as a state invariant over an auxiliary        *)
(* variable, prevChosen, holding the value Chosen had before the last step *)
(* (NoPrevious in an initial state).  It changes no behaviour of the       *)
(* spec's variables: the actions write it and never read it.               *)
(***************************************************************************)
Proposed == {v \in Values : Requested(v)}

\* No set of values equals it, since None is not a value.
NoPrevious == {None}

ConsensusInit(chosen) == chosen = {}

ConsensusNext(chosen, chosenAfter) ==
    /\ chosen = {}
    /\ \E v \in Proposed : chosenAfter = {v}

RInit == Init /\ prevChosen = NoPrevious

RNext == Next /\ prevChosen' = Chosen

\* The refinement, as an invariant: an initial state maps to an initial
\* state of Consensus, and every step to a step of it or a stutter.
RefinesConsensus ==
    \/ /\ prevChosen = NoPrevious
       /\ ConsensusInit(Chosen)
    \/ /\ prevChosen # NoPrevious
       /\ \/ Chosen = prevChosen
          \/ ConsensusNext(prevChosen, Chosen)
