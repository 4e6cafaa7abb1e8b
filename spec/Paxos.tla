------------------------------- MODULE Paxos --------------------------------
(***************************************************************************)
(* Basic (single-decree) Paxos, in the message-passing style of the        *)
(* literature.  Some set of proposers try to get one value chosen from     *)
(* the values that clients have requested; a set of acceptors votes; a set *)
(* of learners finds out which value was chosen.                           *)
(*                                                                         *)
(* The algorithm runs in numbered ballots.  In ballot b, the proposer that *)
(* owns b                                                                  *)
(*   Phase 1a  asks every acceptor to join ballot b;                       *)
(*   Phase 1b  an acceptor that has joined no higher ballot promises never *)
(*             again to vote below b, and reports the last vote it cast;   *)
(*   Phase 2a  once a quorum has promised, the proposer asks the acceptors *)
(*             to vote for a value that is safe at b: the value of the     *)
(*             highest-ballot vote in those promises, or, if none of them  *)
(*             has voted, any value that a client has requested;           *)
(*   Phase 2b  an acceptor that has joined no higher ballot votes for it   *)
(*             and tells the learners.                                     *)
(* A value is chosen when a quorum of acceptors has voted for it in the    *)
(* same ballot.                                                            *)
(*                                                                         *)
(* The network.  The variable msgs is the set of every message ever sent. *)
(* A receiver may read a message of msgs at any time, any number of times, *)
(* or never: so messages may be lost, duplicated and reordered.  A message *)
(* is never removed, because a lost message is one nobody reads.           *)
(*                                                                         *)
(* Failures.  Acceptors write their promise and vote to stable storage     *)
(* before replying, so an acceptor's crash loses nothing: a crashed        *)
(* acceptor is one that takes no steps for a while, and needs no action of *)
(* its own.  The same holds for learners, which keep what they learned.    *)
(* A proposer remembers only the highest ballot it has begun (the counter  *)
(* of a real proposer is persisted, or read from a clock); a crash loses   *)
(* everything else, and it restarts by beginning a higher ballot.          *)
(*                                                                         *)
(* Nacks.  Real acceptors tell a proposer when they have joined a higher   *)
(* ballot, so that it gives up early.  That only matters for liveness.     *)
(* Here a proposer may abandon its ballot and begin a higher one at any    *)
(* moment, which covers every reason to do so, so nacks are not modelled.  *)
(*                                                                         *)
(* The names maxBal, maxVBal and maxVal, and the SafeAt formulation of the *)
(* inductive invariant, follow Lamport's published Paxos specifications,   *)
(* so that readers of the literature find their bearings.                  *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Values,        \* the values that clients may request
    Acceptors,     \* the acceptors
    Quorums,       \* a set of sets of acceptors; see QuorumAssumption
    NumProposers,  \* the proposers are 0 .. NumProposers - 1
    Learners,      \* the learners
    MaxBallot,     \* ballots are 0 .. MaxBallot: the bound of a model
    None           \* a value that is not in Values

(***************************************************************************)
(* The only property of quorums that safety depends on: any two quorums    *)
(* have an acceptor in common.  Majorities have it; so do weighted         *)
(* quorums (sets of acceptors holding more than half of the total weight), *)
(* and any other scheme the models choose.  Nothing else about quorums is  *)
(* used anywhere in this spec, so everything proved here holds for all of  *)
(* them.                                                                   *)
(***************************************************************************)
ASSUME QuorumAssumption ==
    /\ Quorums \subseteq SUBSET Acceptors
    /\ \A Q1, Q2 \in Quorums : Q1 \cap Q2 # {}

\* (Written as comparisons rather than membership in Nat, which the
\* embedded engine evaluates only up to 100.)
ASSUME ConstantsAssumption ==
    /\ NumProposers >= 1
    /\ MaxBallot >= 0
    /\ None \notin Values

Proposers == 0 .. (NumProposers - 1)

(***************************************************************************)
(* Ballots are natural numbers.  Ballot b belongs to proposer              *)
(* b % NumProposers: a counter in the high part and the proposer's id in   *)
(* the low part, so that no two proposers ever use the same ballot, and    *)
(* ballots are totally ordered by <.  The ballot -1 stands for "none yet". *)
(***************************************************************************)
Ballots == 0 .. MaxBallot

Owner(b) == b % NumProposers

NoBallot == -1

-----------------------------------------------------------------------------
VARIABLES
    msgs,        \* the set of all messages sent
    maxBal,      \* maxBal[a]: the highest ballot acceptor a has joined
    maxVBal,     \* maxVBal[a]: the ballot of a's last vote, or NoBallot
    maxVal,      \* maxVal[a]: the value of a's last vote, or None
    pBal,        \* pBal[p]: the highest ballot proposer p has begun, or NoBallot
    pPreparing,  \* pPreparing[p]: p is in phase 1 of pBal[p], free to send its 2a
    learned      \* learned[l]: the value learner l has learned, or None

acceptorVars == <<maxBal, maxVBal, maxVal>>
proposerVars == <<pBal, pPreparing>>
vars == <<msgs, maxBal, maxVBal, maxVal, pBal, pPreparing, learned>>

(***************************************************************************)
(* The messages.  Only a 1b message carries the sender's name, because     *)
(* only there does a receiver need it (to count a quorum); a 2b message    *)
(* carries it so that a learner can count a quorum of votes.  The 1a and   *)
(* 2a messages are broadcast to all acceptors.                             *)
(***************************************************************************)
RequestMsg(v)         == [type |-> "request", val |-> v]
Msg1a(b)              == [type |-> "1a", bal |-> b]
Msg1b(a, b, vb, vv)   == [type |-> "1b", acc |-> a, bal |-> b,
                          mbal |-> vb, mval |-> vv]
Msg2a(b, v)           == [type |-> "2a", bal |-> b, val |-> v]
Msg2b(a, b, v)        == [type |-> "2b", acc |-> a, bal |-> b, val |-> v]

Send(m) == msgs' = msgs \cup {m}

Requested(v) == RequestMsg(v) \in msgs

(***************************************************************************)
(* The type invariant.  Each field is checked on its own rather than with  *)
(* one membership test in a set of records, which a model checker would    *)
(* have to enumerate.                                                      *)
(***************************************************************************)
BallotOrNone == Ballots \cup {NoBallot}

IsMessage(m) ==
    \/ /\ m.type = "request"
       /\ DOMAIN m = {"type", "val"}
       /\ m.val \in Values
    \/ /\ m.type = "1a"
       /\ DOMAIN m = {"type", "bal"}
       /\ m.bal \in Ballots
    \/ /\ m.type = "1b"
       /\ DOMAIN m = {"type", "acc", "bal", "mbal", "mval"}
       /\ m.acc \in Acceptors
       /\ m.bal \in Ballots
       /\ m.mbal \in BallotOrNone
       /\ m.mval \in Values \cup {None}
    \/ /\ m.type = "2a"
       /\ DOMAIN m = {"type", "bal", "val"}
       /\ m.bal \in Ballots
       /\ m.val \in Values
    \/ /\ m.type = "2b"
       /\ DOMAIN m = {"type", "acc", "bal", "val"}
       /\ m.acc \in Acceptors
       /\ m.bal \in Ballots
       /\ m.val \in Values

TypeOK ==
    /\ \A m \in msgs : IsMessage(m)
    /\ DOMAIN maxBal = Acceptors
    /\ DOMAIN maxVBal = Acceptors
    /\ DOMAIN maxVal = Acceptors
    /\ \A a \in Acceptors : /\ maxBal[a] \in BallotOrNone
                            /\ maxVBal[a] \in BallotOrNone
                            /\ maxVal[a] \in Values \cup {None}
    /\ DOMAIN pBal = Proposers
    /\ DOMAIN pPreparing = Proposers
    /\ \A p \in Proposers : /\ pBal[p] \in BallotOrNone
                            /\ pPreparing[p] \in BOOLEAN
    /\ DOMAIN learned = Learners
    /\ \A l \in Learners : learned[l] \in Values \cup {None}

-----------------------------------------------------------------------------
Init ==
    /\ msgs = {}
    /\ maxBal = [a \in Acceptors |-> NoBallot]
    /\ maxVBal = [a \in Acceptors |-> NoBallot]
    /\ maxVal = [a \in Acceptors |-> None]
    /\ pBal = [p \in Proposers |-> NoBallot]
    /\ pPreparing = [p \in Proposers |-> FALSE]
    /\ learned = [l \in Learners |-> None]

(***************************************************************************)
(* A client asks for value v to be chosen.  Only requested values may be   *)
(* proposed, which is what makes Validity worth checking.                  *)
(***************************************************************************)
Request(v) ==
    /\ Send(RequestMsg(v))
    /\ UNCHANGED <<acceptorVars, proposerVars, learned>>

(***************************************************************************)
(* Phase 1a.  Proposer p begins ballot b, one of its own, higher than any  *)
(* it has begun before, and asks the acceptors to join it.  It may do so   *)
(* at any time: at start, after a crash, when its ballot has stalled.  The *)
(* guard b > pBal[p] protects the uniqueness of the 2a message of a        *)
(* ballot: a proposer never returns to a ballot it may already have used,  *)
(* because after a crash it cannot know what it proposed there.            *)
(***************************************************************************)
Phase1a(p, b) ==
    /\ Owner(b) = p
    /\ b > pBal[p]
    /\ pBal' = [pBal EXCEPT ![p] = b]
    /\ pPreparing' = [pPreparing EXCEPT ![p] = TRUE]
    /\ Send(Msg1a(b))
    /\ UNCHANGED <<acceptorVars, learned>>

(***************************************************************************)
(* Phase 1b.  Acceptor a receives the 1a message of ballot b.  If b is     *)
(* higher than every ballot it has joined, it joins b, which is a promise  *)
(* never again to vote in a ballot below b, and reports its last vote.     *)
(* The promise is what lets the proposer of b treat the report as final:   *)
(* no vote below b can appear later behind its back.                       *)
(***************************************************************************)
Phase1b(a, b) ==
    /\ Msg1a(b) \in msgs
    /\ b > maxBal[a]
    /\ maxBal' = [maxBal EXCEPT ![a] = b]
    /\ Send(Msg1b(a, b, maxVBal[a], maxVal[a]))
    /\ UNCHANGED <<maxVBal, maxVal, proposerVars, learned>>

(***************************************************************************)
(* The value a proposer may propose in ballot b, having received the 1b    *)
(* messages of ballot b from every acceptor of quorum Q.  If some of them  *)
(* report a vote, it must be the value of the vote with the highest        *)
(* ballot: a value chosen, or still choosable, below b can only be that    *)
(* one, since Q meets every quorum and its members promised not to vote    *)
(* below b any more.  If none of them has voted, no value can have been    *)
(* chosen below b, and any requested value is safe.                        *)
(***************************************************************************)
Promises(b, Q) == {m \in msgs : m.type = "1b" /\ m.bal = b /\ m.acc \in Q}

PromisedByQuorum(b, Q) == \A a \in Q : \E m \in Promises(b, Q) : m.acc = a

ReportedVotes(b, Q) == {m \in Promises(b, Q) : m.mbal # NoBallot}

SafeToPropose(b, Q, v) ==
    \/ /\ ReportedVotes(b, Q) = {}
       /\ Requested(v)
    \/ \E m \in ReportedVotes(b, Q) :
          /\ m.mval = v
          /\ \A m2 \in ReportedVotes(b, Q) : m2.mbal =< m.mbal

(***************************************************************************)
(* Phase 2a.  Proposer p, in phase 1 of its ballot, has promises from a    *)
(* quorum Q and asks the acceptors to vote for a value that is safe.  It   *)
(* then leaves phase 1, so that it sends at most one 2a message in the     *)
(* ballot: two different values proposed in one ballot could both be      *)
(* chosen.                                                                 *)
(***************************************************************************)
Phase2a(p, Q, v) ==
    /\ pPreparing[p]
    /\ PromisedByQuorum(pBal[p], Q)
    /\ SafeToPropose(pBal[p], Q, v)
    /\ pPreparing' = [pPreparing EXCEPT ![p] = FALSE]
    /\ Send(Msg2a(pBal[p], v))
    /\ UNCHANGED <<acceptorVars, pBal, learned>>

(***************************************************************************)
(* Phase 2b.  Acceptor a receives the 2a message of ballot b for value v.  *)
(* If it has joined no ballot higher than b, it votes for v in b and tells *)
(* the learners.  The guard b >= maxBal[a] is the promise of phase 1b      *)
(* being kept: the proposer of a higher ballot may already be counting on  *)
(* a never voting below it.                                                *)
(***************************************************************************)
Phase2b(a, b, v) ==
    /\ Msg2a(b, v) \in msgs
    /\ b >= maxBal[a]
    /\ maxBal' = [maxBal EXCEPT ![a] = b]
    /\ maxVBal' = [maxVBal EXCEPT ![a] = b]
    /\ maxVal' = [maxVal EXCEPT ![a] = v]
    /\ Send(Msg2b(a, b, v))
    /\ UNCHANGED <<proposerVars, learned>>

(***************************************************************************)
(* A value is chosen in ballot b when every acceptor of some quorum has    *)
(* voted for it in b.  Votes are the 2b messages: a vote, once cast, is    *)
(* never taken back, even though an acceptor remembers only its last one.  *)
(***************************************************************************)
VotedFor(a, b, v) == Msg2b(a, b, v) \in msgs

ChosenAt(b, v) == \E Q \in Quorums : \A a \in Q : VotedFor(a, b, v)

Chosen == {v \in Values : \E b \in Ballots : ChosenAt(b, v)}

(***************************************************************************)
(* Learner l learns v when it has 2b messages for v from a quorum in one   *)
(* ballot.  Votes from different ballots must not be added up: a value     *)
(* voted for by a quorum across several ballots need not be chosen.       *)
(***************************************************************************)
Learn(l, b, v) ==
    /\ learned[l] = None
    /\ ChosenAt(b, v)
    /\ learned' = [learned EXCEPT ![l] = v]
    /\ UNCHANGED <<msgs, acceptorVars, proposerVars>>

(***************************************************************************)
(* Proposer p stops working on its ballot while still in phase 1: it       *)
(* crashed, forgetting everything but pBal[p], or it gave up because a     *)
(* nack told it of a higher ballot or its timer ran out.  Either way it    *)
(* can no longer propose in that ballot, and it comes back by beginning a  *)
(* higher one (Phase1a).  Stopping in phase 2 changes nothing the spec     *)
(* tracks: the proposer has already sent its only 2a for the ballot.       *)
(***************************************************************************)
Abandon(p) ==
    /\ pPreparing[p]
    /\ pPreparing' = [pPreparing EXCEPT ![p] = FALSE]
    /\ UNCHANGED <<msgs, acceptorVars, pBal, learned>>

Next ==
    \/ \E v \in Values : Request(v)
    \/ \E p \in Proposers, b \in Ballots : Phase1a(p, b)
    \/ \E a \in Acceptors, b \in Ballots : Phase1b(a, b)
    \/ \E p \in Proposers, Q \in Quorums, v \in Values : Phase2a(p, Q, v)
    \/ \E a \in Acceptors, b \in Ballots, v \in Values : Phase2b(a, b, v)
    \/ \E l \in Learners, b \in Ballots, v \in Values : Learn(l, b, v)
    \/ \E p \in Proposers : Abandon(p)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(*                             Safety                                      *)
(***************************************************************************)

\* At most one value is chosen.
Agreement == \A v, w \in Chosen : v = w

\* Only a value that some client requested can be chosen.
Validity == \A v \in Chosen : Requested(v)

\* A learner learns only a chosen value.
LearnedIsChosen == \A l \in Learners : learned[l] # None => learned[l] \in Chosen

-----------------------------------------------------------------------------
(***************************************************************************)
(* The inductive invariant.  Agreement follows from it, and it is          *)
(* inductive: every Next step from a state satisfying it leads to a state  *)
(* satisfying it (proofs-notes/ checks that on small models).  Its heart   *)
(* is SafeAt: no value other than v has been or can ever be chosen in a    *)
(* ballot below b.                                                         *)
(***************************************************************************)

\* Acceptor a has not voted in ballot b and never will: it has joined a
\* higher ballot.
WontVoteIn(a, b) ==
    /\ maxBal[a] > b
    /\ \A v \in Values : ~VotedFor(a, b, v)

\* In every ballot c below b, some quorum has each member either voted for
\* v in c or unable ever to vote in c.  By quorum intersection, no value
\* other than v is chosen, or can ever be chosen, in any ballot below b.
SafeAt(b, v) ==
    \A c \in 0 .. (b - 1) :
        \E Q \in Quorums :
            \A a \in Q : VotedFor(a, c, v) \/ WontVoteIn(a, c)

\* What each acceptor's stable storage says agrees with the votes it sent.
AcceptorInv ==
    \A a \in Acceptors :
        /\ maxVBal[a] =< maxBal[a]
        /\ (maxVBal[a] = NoBallot) <=> (maxVal[a] = None)
        /\ maxVBal[a] # NoBallot => VotedFor(a, maxVBal[a], maxVal[a])

\* A proposer's ballot and phase agree with the messages of that ballot:
\* this is what keeps the 2a message of each ballot unique.  (That a
\* proposer's ballot is its own is true of every reachable state, but
\* Inv must say it to be inductive: the inductiveness check in
\* proofs-notes/ found a state where a proposer held another's ballot.)
ProposerInv ==
    \A p \in Proposers :
        /\ pBal[p] # NoBallot => Owner(pBal[p]) = p
        /\ pPreparing[p] => pBal[p] # NoBallot
        /\ pPreparing[p] => \A v \in Values : Msg2a(pBal[p], v) \notin msgs

\* What each message says is true of the state it was sent from, and stays
\* true: a 1b reports the sender's last vote below the promised ballot; a
\* 2a carries a safe value and is the only 2a of its ballot; a 2b is a vote
\* for the value of its ballot's 2a.
MessageInv ==
    \A m \in msgs :
        /\ m.type = "1a" => m.bal =< pBal[Owner(m.bal)]
        /\ m.type = "1b" =>
              /\ m.bal =< maxBal[m.acc]
              /\ m.mbal < m.bal
              /\ \/ /\ m.mbal = NoBallot
                    /\ m.mval = None
                 \/ VotedFor(m.acc, m.mbal, m.mval)
              /\ \A c \in (m.mbal + 1) .. (m.bal - 1) :
                    \A v \in Values : ~VotedFor(m.acc, c, v)
        /\ m.type = "2a" =>
              /\ Requested(m.val)
              /\ SafeAt(m.bal, m.val)
              /\ \A w \in Values : Msg2a(m.bal, w) \in msgs => w = m.val
              /\ m.bal =< pBal[Owner(m.bal)]
        /\ m.type = "2b" =>
              /\ Msg2a(m.bal, m.val) \in msgs
              /\ m.bal =< maxVBal[m.acc]

Inv ==
    /\ TypeOK
    /\ AcceptorInv
    /\ ProposerInv
    /\ MessageInv
    /\ LearnedIsChosen
=============================================================================
