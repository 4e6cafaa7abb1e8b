\* module: PaxosInductive
\* spec: spec/Paxos.tla
\* extra variables: (none)
-----------------------------------------------------------------------------
(***************************************************************************)
(* Is Inv inductive?  IInit is every state within the model's bounds that  *)
(* satisfies Inv (TypeOK is its first conjunct), and Next is the spec's    *)
(* own.  Checking Inv (with Agreement and Validity) from IInit checks, for *)
(* every such state s and every step s -> t of Next, that Inv holds in t:  *)
(* Inv /\ Next => Inv', and in s: Inv => Agreement /\ Validity.  With      *)
(* Init => Inv (the models of spec/models check it) that is the whole     *)
(* safety proof, within the bounds.                                        *)
(*                                                                         *)
(* Enumerating SUBSET of every message would be billions of sets, so       *)
(* IInit builds the candidate states part by part, and drops early only    *)
(* candidates that some conjunct of Inv rules out (named beside each       *)
(* restriction); its last conjunct, Inv itself, decides.  So the initial   *)
(* states are exactly the Inv-states within the bounds, provided each      *)
(* restriction is implied by Inv -- which proofs-notes/basic-paxos.md      *)
(* argues, and a test confirms on bounds small enough to enumerate         *)
(* message sets whole (IInitLoose).                                        *)
(***************************************************************************)

\* ProposerInv: a proposer's ballot is NoBallot or one of its own.
ProposerBallots(p) == {NoBallot} \cup {b \in Ballots : Owner(b) = p}

BallotChoices == {f \in [Proposers -> BallotOrNone] : \A p \in Proposers : f[p] \in ProposerBallots(p)}

\* MessageInv, on 1a and 2a messages: only ballots their owner has begun;
\* a 2a carries a requested value, and is the only 2a of its ballot.
OneAChoices(pb) == SUBSET {Msg1a(b) : b \in {c \in Ballots : c =< pb[Owner(c)]}}

TwoAChoices(R, pb) ==
    {S \in SUBSET {Msg2a(b, v) : b \in Ballots, v \in Values} :
        /\ \A m \in S : RequestMsg(m.val) \in R /\ m.bal =< pb[Owner(m.bal)]
        /\ \A m, m2 \in S : m.bal = m2.bal => m = m2}

\* What one acceptor may have done: voted for some of the 2a messages
\* (MessageInv: a 2b has its 2a), each at or below its promise bal, and
\* sent a 1b in some ballots at or below its promise (AcceptorInv,
\* MessageInv on 1b and 2b).
AcceptorChoices(A2) ==
    {r \in [votes : SUBSET A2, bal : BallotOrNone, ones : SUBSET Ballots] :
        /\ \A m \in r.votes : m.bal =< r.bal
        /\ \A b \in r.ones : b =< r.bal}

\* The 2a of the highest vote below ballot b, among the 2a's voted for.
LastVoteBelow(votes, b) ==
    CHOOSE m \in {x \in votes : x.bal < b} :
        \A m2 \in votes : m2.bal < b => m2.bal =< m.bal

\* MessageInv on 1b: the 1b of acceptor a in ballot b reports a's highest
\* vote below b, or no vote if there is none; so there is one per ballot.
OneB(a, b, votes) ==
    IF \E m \in votes : m.bal < b
    THEN Msg1b(a, b, LastVoteBelow(votes, b).bal, LastVoteBelow(votes, b).val)
    ELSE Msg1b(a, b, NoBallot, None)

\* AcceptorInv and MessageInv on 2b: maxVBal and maxVal are those of the
\* acceptor's highest vote.
LastVote(votes) == LastVoteBelow(votes, MaxBallot + 1)

\* ProposerInv: in phase 1 only of a ballot begun, whose 2a is not sent.
PreparingChoices(pb, A2) ==
    {f \in [Proposers -> BOOLEAN] :
        \A p \in Proposers : f[p] => (pb[p] # NoBallot /\ \A v \in Values : Msg2a(pb[p], v) \notin A2)}

IInit ==
    \E R \in SUBSET {RequestMsg(v) : v \in Values}, pb \in BallotChoices :
    \E A1 \in OneAChoices(pb), A2 \in TwoAChoices(R, pb) :
    \E ch \in [Acceptors -> AcceptorChoices(A2)], pp \in PreparingChoices(pb, A2) :
        /\ msgs = R \cup A1 \cup A2
                    \cup {Msg2b(a, m.bal, m.val) : a \in Acceptors, m \in ch[a].votes}
                    \cup {OneB(a, b, ch[a].votes) : a \in Acceptors, b \in ch[a].ones}
        /\ maxBal = [a \in Acceptors |-> ch[a].bal]
        /\ maxVBal = [a \in Acceptors |-> IF ch[a].votes = {} THEN NoBallot ELSE LastVote(ch[a].votes).bal]
        /\ maxVal = [a \in Acceptors |-> IF ch[a].votes = {} THEN None ELSE LastVote(ch[a].votes).val]
        /\ pBal = pb
        /\ pPreparing = pp
        \* LearnedIsChosen.
        /\ learned \in [Learners -> {None} \cup Chosen]
        /\ Inv

(***************************************************************************)
(* The same states, enumerated with fewer shortcuts: every subset of each  *)
(* kind of well-formed message, every acceptor and proposer state, then    *)
(* Inv.  Only feasible on the tiniest bounds; a test checks that it finds  *)
(* as many states as IInit there, which would fail if a restriction of     *)
(* IInit dropped a state that satisfies Inv.                               *)
(***************************************************************************)
IInitLoose ==
    \E R \in SUBSET {RequestMsg(v) : v \in Values},
       A1 \in SUBSET {Msg1a(b) : b \in Ballots},
       A2 \in SUBSET {Msg2a(b, v) : b \in Ballots, v \in Values} :
    \E B2 \in SUBSET {Msg2b(a, m.bal, m.val) : a \in Acceptors, m \in A2},
       B1 \in SUBSET {Msg1b(a, b, vb, vv) : a \in Acceptors, b \in Ballots, vb \in BallotOrNone, vv \in Values \cup {None}} :
        /\ msgs = R \cup A1 \cup A2 \cup B2 \cup B1
        /\ maxBal \in [Acceptors -> BallotOrNone]
        /\ maxVBal \in [Acceptors -> BallotOrNone]
        /\ maxVal \in [Acceptors -> Values \cup {None}]
        /\ pBal \in [Proposers -> BallotOrNone]
        /\ pPreparing \in [Proposers -> BOOLEAN]
        /\ learned \in [Learners -> Values \cup {None}]
        /\ Inv
