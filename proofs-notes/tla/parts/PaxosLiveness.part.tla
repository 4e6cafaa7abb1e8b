\* module: PaxosLiveness
\* spec: spec/Paxos.tla
\* extra variables: (none)
-----------------------------------------------------------------------------
(***************************************************************************)
(* Liveness, under stated assumptions: TLC ONLY.  The embedded engine's    *)
(* liveness results disagreed with TLC in 4 of 9 probes (DESIGN.md), so    *)
(* CI does not check this; proofs-notes/tla/tlc/PaxosLiveness.cfg is for   *)
(* TLC, and has not been run where this project was built (no TLC there).  *)
(*                                                                         *)
(* Basic Paxos cannot guarantee progress in general (dueling proposers can *)
(* pre-empt each other for ever).  The claim here is the classic one: in a *)
(* stable period where one proposer (proposer 0) is the only one acting,   *)
(* it does not abandon its ballots, and every enabled step is eventually   *)
(* taken (weak fairness: messages are eventually delivered, acceptors and  *)
(* learners eventually act), a requested value is eventually learned by    *)
(* every learner.                                                          *)
(***************************************************************************)
StableNext ==
    \/ \E v \in Values : Request(v)
    \/ \E b \in Ballots : Phase1a(0, b)
    \/ \E a \in Acceptors, b \in Ballots : Phase1b(a, b)
    \/ \E Q \in Quorums, v \in Values : Phase2a(0, Q, v)
    \/ \E a \in Acceptors, b \in Ballots, v \in Values : Phase2b(a, b, v)
    \/ \E l \in Learners, b \in Ballots, v \in Values : Learn(l, b, v)

StableSpec == Init /\ [][StableNext]_vars /\ WF_vars(StableNext)

Progress == (\E v \in Values : Requested(v)) ~> (\A l \in Learners : learned[l] # None)
