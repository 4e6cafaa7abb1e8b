\* module: MultiPaxosInductive
\* spec: spec/MultiPaxos.tla
\* extra variables: (none)
-----------------------------------------------------------------------------
(***************************************************************************)
(*                  The inductive invariant of MultiPaxos                  *)
(*                                                                         *)
(* Inv is the Basic Paxos invariant of Paxos.tla taken slot by slot, plus  *)
(* what the leaders, the replicas and the clients add.  Each group of      *)
(* conjuncts below mentions only the variables named in its title, so that *)
(* IInitLoose (at the end) can test each group as soon as those variables  *)
(* have values.                                                            *)
(*                                                                         *)
(* (An implication whose right side is a conjunction is parenthesized: the *)
(* embedded engine reads "A => B /\ C" as "(A => B) /\ C".)                *)
(***************************************************************************)

\* Acceptor a voted for entry e in slot i at ballot b.
VotedFor(a, b, i, e) == Msg2b(a, b, i, e) \in msgs

\* Acceptor a has not voted in slot i at ballot b, and never will: it has
\* joined a higher ballot, and Phase2b needs m.bal >= maxBal[a].
WontVoteIn(a, b, i) ==
    /\ maxBal[a] > b
    /\ \A e \in Entries : ~VotedFor(a, b, i, e)

(***************************************************************************)
(* Entry e is safe at ballot b in slot i: no other entry has been or can   *)
(* ever be chosen in slot i at a ballot below b.  Paxos.tla's SafeAt, for  *)
(* one slot: every lower ballot c has a quorum each of whose members voted *)
(* for e at c or will never vote at c.                                     *)
(***************************************************************************)
SafeAt(b, i, e) ==
    \A c \in 0 .. (b - 1) :
        \E Q \in Quorums :
            \A a \in Q : VotedFor(a, c, i, e) \/ WontVoteIn(a, c, i)

\* The 1a of ballot b, if it was sent (there is at most one: OneAInv).
OneAOf(b) == {m \in msgs : m.type = "1a" /\ m.bal = b}
\* The votes a promise m reports in slot i.
ReportedIn(m, i) == {v \in m.votes : v.slot = i}

\* What a promise m, sent in answer to a 1a asking from slot from, reports
\* in slot i: for i >= from, the acceptor's highest vote in i below m.bal,
\* or nothing if it cast none; below from, nothing.
NoVoteBelow(a, b, i) == \A c \in 0 .. (b - 1) : \A e \in Entries : ~VotedFor(a, c, i, e)
ReportsHighest(m, i) ==
    \E v \in ReportedIn(m, i) :
        /\ ReportedIn(m, i) = {v}
        /\ v.bal < m.bal
        /\ VotedFor(m.acc, v.bal, i, v.entry)
        /\ \A c \in (v.bal + 1) .. (m.bal - 1) : \A e \in Entries : ~VotedFor(m.acc, c, i, e)
ReportIsLastVote(m, from, i) ==
    IF i < from
    THEN ReportedIn(m, i) = {}
    ELSE (ReportedIn(m, i) = {} /\ NoVoteBelow(m.acc, m.bal, i)) \/ ReportsHighest(m, i)

(***************************************************************************)
(* Messages (msgs only).  A 1a is the only one of its ballot, so all the   *)
(* promises of a ballot answer the same from.  A promise answers its       *)
(* ballot's 1a and reports, slot by slot from that 1a's from, the          *)
(* acceptor's last vote below the ballot: what a Basic Paxos 1b for that   *)
(* slot would report.  A 2a is the only one of its ballot and slot, is in  *)
(* a slot its ballot's phase 1 asked about (slot >= from), and carries a   *)
(* requested entry.  A 2b is a vote for its ballot and slot's 2a.          *)
(***************************************************************************)
OneAInv ==
    \A m \in msgs : m.type = "1a" => OneAOf(m.bal) = {m}

OneBInv ==
    \A m \in msgs : m.type = "1b" =>
        \E m1 \in OneAOf(m.bal) : \A i \in Slots : ReportIsLastVote(m, m1.from, i)

TwoAInv ==
    \A m \in msgs : m.type = "2a" =>
        /\ Requested(m.entry)
        /\ \E m1 \in OneAOf(m.bal) : m1.from =< m.slot
        /\ \A e \in Entries : Msg2a(m.bal, m.slot, e) \in msgs => e = m.entry

TwoBInv ==
    \A m \in msgs : m.type = "2b" => Msg2a(m.bal, m.slot, m.entry) \in msgs

MsgsInv == OneAInv /\ OneBInv /\ TwoAInv /\ TwoBInv

(***************************************************************************)
(* Promises (msgs, maxBal).  An acceptor's promise is at least every       *)
(* ballot it answered, and every 2a carries an entry safe at its ballot in *)
(* its slot.  This is the heart of Paxos: with quorum intersection it      *)
(* gives SlotAgreement.                                                    *)
(***************************************************************************)
PromiseInv ==
    \A m \in msgs :
        /\ m.type = "1b" => m.bal =< maxBal[m.acc]
        /\ m.type = "2a" => SafeAt(m.bal, m.slot, m.entry)

(***************************************************************************)
(* Votes (msgs, maxBal, vBal, vVal).  An acceptor votes only at or below   *)
(* its promise; vBal and vVal are its highest vote in each slot.           *)
(***************************************************************************)
VoteInv ==
    /\ \A a \in Servers, i \in Slots :
          /\ vBal[a][i] =< maxBal[a]
          /\ (vBal[a][i] = NoBallot) <=> (vVal[a][i] = None)
          /\ vBal[a][i] # NoBallot => VotedFor(a, vBal[a][i], i, vVal[a][i])
    /\ \A m \in msgs : m.type = "2b" => m.bal =< vBal[m.acc][m.slot]

(***************************************************************************)
(* Clients' requests (msgs, cSent).  Client c has sent exactly requests    *)
(* 1 .. cSent[c], once each.                                               *)
(***************************************************************************)
RequestInv ==
    /\ \A m \in msgs : m.type = "request" =>
          /\ m.id =< cSent[m.client]
          /\ \A cmd \in Commands : RequestMsg(m.client, m.id, cmd) \in msgs => cmd = m.cmd
    /\ \A c \in Clients : \A i \in 1 .. cSent[c] : \E cmd \in Commands : RequestMsg(c, i, cmd) \in msgs

(***************************************************************************)
(* Ballots begun (msgs, lBal, applied).  A 1a is of a ballot its owner has *)
(* begun, and asks from no further than the slot after what the owner has  *)
(* applied (applied only grows).  A server's ballot is one of its own, and *)
(* its 1a was sent.  Servers that are not replicas never decide or apply   *)
(* (the model's Replicas; Decide and Apply act only for replicas).         *)
(***************************************************************************)
BallotInv ==
    /\ \A m \in msgs : m.type = "1a" =>
          /\ m.bal =< lBal[Owner(m.bal)]
          /\ m.from =< applied[Owner(m.bal)] + 1
    /\ \A s \in Servers :
          /\ lBal[s] # NoBallot => (Owner(lBal[s]) = s /\ OneAOf(lBal[s]) # {})
          /\ s \notin Replicas => applied[s] = 0

(***************************************************************************)
(* Leaders (msgs, maxBal, lBal, lPhase, lProp, applied).  A server leads   *)
(* or tries to lead only a ballot it began.  In phase 1 its ballot has no  *)
(* 2a.  What it proposed it sent.  Every slot above applied[s] that it has *)
(* not proposed in has no 2a of its ballot, and every entry is safe there  *)
(* (its promises reported no vote there), so Propose may send any one.     *)
(* With BallotInv: a leader proposes only in slots >= its 1a's from.       *)
(***************************************************************************)
FreeSlot(s, i) == lPhase[s] = "p2" /\ lProp[s][i] = None /\ i > applied[s]

LeaderInv ==
    \A s \in Servers :
        /\ lPhase[s] # "idle" => lBal[s] # NoBallot
        /\ lPhase[s] = "p1" => \A m \in msgs : m.type = "2a" => m.bal # lBal[s]
        /\ \A i \in Slots :
              /\ lProp[s][i] # None => (lPhase[s] = "p2" /\ Msg2a(lBal[s], i, lProp[s][i]) \in msgs)
              /\ FreeSlot(s, i) => (\A e \in Entries : Msg2a(lBal[s], i, e) \notin msgs /\ SafeAt(lBal[s], i, e))

(***************************************************************************)
(* Decisions (msgs, decided, applied).  A server decides only chosen       *)
(* entries, and has decided every slot it applied.                         *)
(***************************************************************************)
DecidedInv ==
    \A s \in Servers :
        /\ \A i \in Slots : decided[s][i] # None => decided[s][i] \in Chosen(i)
        /\ \A i \in 1 .. applied[s] : decided[s][i] # None
        /\ s \notin Replicas => \A i \in Slots : decided[s][i] = None

(***************************************************************************)
(* Replica state (executed, kv).  Replica s executed exactly the first     *)
(* occurrence of each request in the chosen log up to applied[s], and its  *)
(* store is the chosen log's store after that slot (StoreAfter, which      *)
(* Linearizable defines).                                                  *)
(***************************************************************************)
Executes(i) == LogEntry(i) # Noop /\ FirstOccurrence(i)

ReplicaInv ==
    \A s \in Servers :
        /\ executed[s] = {i \in 1 .. applied[s] : Executes(i)}
        /\ kv[s] = StoreAfter(applied[s])

(***************************************************************************)
(* Answers (msgs).  Every answer is what the chosen log gives at its slot: *)
(* the first clause of Linearizable.  ApplyExecute keeps it because the    *)
(* replica's store is StoreAfter(applied[s]) and it executes exactly the   *)
(* first occurrences (ReplicaInv).                                         *)
(***************************************************************************)
ReplyInv ==
    \A m \in msgs :
        m.type = "reply" =>
            /\ PrefixChosen(m.slot)
            /\ SameRequest(LogEntry(m.slot), m)
            /\ FirstOccurrence(m.slot)
            /\ m.result = ResultAt(m.slot)

(***************************************************************************)
(* Clients (msgs, cSent, cBusy, hMax, hFloor).  A busy client has sent a   *)
(* request.  The slots up to hMax are chosen (hMax is the slot of an       *)
(* answer received).  When c sent request i, the slots up to hFloor[c][i]  *)
(* = hMax were chosen, and none held request i, which was not yet sent     *)
(* (TwoAInv: only requested entries are proposed); by SlotAgreement they   *)
(* never will.  So its first occurrence, the slot of its every answer, is  *)
(* above hFloor[c][i]: Linearizable's second clause.  Requests not sent    *)
(* have hFloor 0 (Request sets it).                                        *)
(***************************************************************************)
FloorChosen(c, i) ==
    /\ PrefixChosen(hFloor[c][i])
    /\ \A j \in 1 .. hFloor[c][i] : ~SameRequest(LogEntry(j), [client |-> c, id |-> i])
FloorOK(c, i) == IF i > cSent[c] THEN hFloor[c][i] = 0 ELSE FloorChosen(c, i)

ClientInv ==
    /\ PrefixChosen(hMax)
    /\ \A c \in Clients :
          /\ cBusy[c] => cSent[c] >= 1
          /\ \A i \in 1 .. MaxRequests : FloorOK(c, i)
    /\ \A m \in msgs : m.type = "reply" => m.slot > hFloor[m.client][m.id]

Inv ==
    /\ TypeOK
    /\ MsgsInv
    /\ PromiseInv
    /\ VoteInv
    /\ RequestInv
    /\ BallotInv
    /\ LeaderInv
    /\ DecidedInv
    /\ ReplicaInv
    /\ ReplyInv
    /\ ClientInv

-----------------------------------------------------------------------------
(***************************************************************************)
(* Is Inv inductive?  IInit is every state within the model's bounds that  *)
(* satisfies Inv, and Next is the spec's own: checking Inv (and the safety *)
(* properties) from IInit checks Inv /\ Next => Inv' and Inv => the        *)
(* properties, within the bounds.  As in PaxosInductive, IInit builds the  *)
(* candidates part by part and drops early only candidates that a          *)
(* conjunct of Inv rules out (named beside each restriction); its last     *)
(* conjunct, Inv, decides.                                                 *)
(***************************************************************************)

\* RequestInv: client c has sent requests 1 .. cs[c], one command each.
RequestChoices(cs) ==
    {R \in SUBSET {RequestMsg(c, i, cmd) : c \in Clients, i \in 1 .. MaxRequests, cmd \in Commands} :
        \A c \in Clients : \A i \in 1 .. MaxRequests :
            Cardinality({m \in R : m.client = c /\ m.id = i}) = IF i =< cs[c] THEN 1 ELSE 0}

EntriesOf(R) == {Noop} \cup {Entry(m.client, m.id, m.cmd) : m \in R}

\* BallotInv: a server's ballot is one of its own; non-replicas apply nothing.
BallotChoices ==
    {f \in [Servers -> BallotOrNone] : \A s \in Servers : f[s] = NoBallot \/ Owner(f[s]) = s}
AppliedChoices ==
    {f \in [Servers -> 0 .. MaxSlot] : \A s \in Servers : s \notin Replicas => f[s] = 0}

\* OneAInv, BallotInv: one 1a per ballot begun, from =< applied + 1 of its
\* owner; the server's own ballot has its 1a.
OneAChoices(lb, ap) ==
    {A \in SUBSET {Msg1a(b, f) : b \in {c \in Ballots : c =< lb[Owner(c)]}, f \in 1 .. (ap[Owner(b)] + 1)} :
        /\ \A m, m2 \in A : m.bal = m2.bal => m = m2
        /\ \A s \in Servers : lb[s] # NoBallot => \E m \in A : m.bal = lb[s]}

FromIn(A1, b) == (CHOOSE m \in A1 : m.bal = b).from

\* TwoAInv: one 2a per ballot and slot, in a slot >= its 1a's from, of a
\* requested entry.
TwoAChoices(A1, R) ==
    {S \in SUBSET {Msg2a(b, i, e) : b \in {m.bal : m \in A1}, i \in Slots, e \in EntriesOf(R)} :
        /\ \A m \in S : m.slot >= FromIn(A1, m.bal)
        /\ \A m, m2 \in S : m.bal = m2.bal /\ m.slot = m2.slot => m = m2}

\* What one acceptor may have done (TwoBInv, VoteInv, PromiseInv, OneBInv):
\* voted for some of the 2a messages at or below its promise, and promised
\* in some ballots whose 1a was sent, at or below its promise.
AcceptorChoices(A1, A2) ==
    {r \in [votes : SUBSET A2, bal : BallotOrNone, ones : SUBSET {m.bal : m \in A1}] :
        /\ \A m \in r.votes : m.bal =< r.bal
        /\ \A b \in r.ones : b =< r.bal}

\* The 2a of the highest vote among votes in slot i below ballot b.
VotesBelow(vs, slot, bal) == {m \in vs : m.slot = slot /\ m.bal < bal}
Highest(S) == CHOOSE m \in S : \A m2 \in S : m2.bal =< m.bal

\* OneBInv: acceptor a's promise in ballot b reports, in each slot from
\* from on, its highest vote below b.
OneB(a, b, aVotes, from) ==
    Msg1b(a, b, {Vote(i, Highest(VotesBelow(aVotes, i, b)).bal, Highest(VotesBelow(aVotes, i, b)).entry) :
                     i \in {j \in Slots : j >= from /\ VotesBelow(aVotes, j, b) # {}}})

\* VoteInv: vBal and vVal are those of the highest vote in each slot.
LastBal(aVotes, i) == IF VotesBelow(aVotes, i, MaxBallot + 1) = {} THEN NoBallot ELSE Highest(VotesBelow(aVotes, i, MaxBallot + 1)).bal
LastVal(aVotes, i) == IF VotesBelow(aVotes, i, MaxBallot + 1) = {} THEN None ELSE Highest(VotesBelow(aVotes, i, MaxBallot + 1)).entry

\* LeaderInv: only a ballot begun is led; phase 1 has no 2a of its ballot.
PhaseChoices(lb, A2) ==
    {f \in [Servers -> {"idle", "p1", "p2"}] :
        \A s \in Servers :
            /\ f[s] # "idle" => lb[s] # NoBallot
            /\ f[s] = "p1" => \A m \in A2 : m.bal # lb[s]}

\* LeaderInv: a leader in phase 2 proposed what its ballot's 2a carries.
PropChoices(s, lb, ph, A2) ==
    IF ph[s] = "p2"
    THEN {f \in [Slots -> EntryOrNone] : \A i \in Slots : f[i] = None \/ Msg2a(lb[s], i, f[i]) \in A2}
    ELSE {[i \in Slots |-> None]}

\* ReplyChoices: the answers to requests sent, in any slot, with any result
\* (ReplyInv decides).
ReplyChoices(cs) ==
    SUBSET {ReplyMsg(c, i, j, r) : c \in Clients, i \in 1 .. MaxRequests, j \in Slots, r \in Results}

IInit ==
    \E cs \in [Clients -> 0 .. MaxRequests] :
    \E R \in RequestChoices(cs), lb \in BallotChoices, ap \in AppliedChoices :
    \E A1 \in OneAChoices(lb, ap) :
    \E A2 \in TwoAChoices(A1, R) :
    \E ch \in [Servers -> AcceptorChoices(A1, A2)], RP \in ReplyChoices(cs) :
        /\ msgs = R \cup A1 \cup A2 \cup RP
                    \cup {Msg2b(a, m.bal, m.slot, m.entry) : a \in Servers, m \in ch[a].votes}
                    \cup {OneB(a, b, ch[a].votes, FromIn(A1, b)) : a \in Servers, b \in ch[a].ones}
        /\ maxBal = [a \in Servers |-> ch[a].bal]
        /\ vBal = [a \in Servers |-> [i \in Slots |-> LastBal(ch[a].votes, i)]]
        /\ vVal = [a \in Servers |-> [i \in Slots |-> LastVal(ch[a].votes, i)]]
        /\ cSent = cs
        /\ lBal = lb
        /\ applied = ap
        \* Conjuncts of Inv, tested as soon as their variables have values
        \* (the rest only multiplies candidates that would fail them).
        /\ PromiseInv
        /\ ReplyInv
        /\ lPhase \in PhaseChoices(lb, A2)
        /\ lProp \in {f \in [Servers -> [Slots -> EntryOrNone]] : \A s \in Servers : f[s] \in PropChoices(s, lb, lPhase, A2)}
        /\ LeaderInv
        \* DecidedInv: decided entries are chosen; applied slots decided;
        \* non-replicas decide nothing.
        /\ decided \in {f \in [Servers -> [Slots -> EntryOrNone]] :
                           \A s \in Servers : \A i \in Slots :
                               /\ f[s][i] \in {None} \cup Chosen(i)
                               /\ i =< ap[s] => f[s][i] # None
                               /\ s \notin Replicas => f[s][i] = None}
        \* ReplicaInv determines executed and kv.
        /\ executed = [s \in Servers |-> {i \in 1 .. ap[s] : Executes(i)}]
        /\ kv = [s \in Servers |-> StoreAfter(ap[s])]
        \* ClientInv: a busy client has sent a request; hFloor is 0 for
        \* requests not sent.
        /\ cBusy \in {f \in [Clients -> BOOLEAN] : \A c \in Clients : f[c] => cs[c] >= 1}
        /\ hMax \in 0 .. MaxSlot
        /\ hFloor \in {f \in [Clients -> [1 .. MaxRequests -> 0 .. MaxSlot]] :
                          \A c \in Clients : \A i \in 1 .. MaxRequests : i > cs[c] => f[c][i] = 0}
        /\ Inv

(***************************************************************************)
(* The same states, enumerated without IInit's constructions: every subset *)
(* of each kind of well-formed message (a 2b only of a 2a in the set, a 1b *)
(* only of a ballot whose 1a is in it), every value of each variable in    *)
(* its type, each group of Inv's conjuncts tested as soon as the variables *)
(* it mentions have values, then Inv.  Only feasible on the tiniest        *)
(* bounds; a test checks that it finds as many states as IInit there,      *)
(* which would fail if IInit's constructions (the promises computed from   *)
(* the votes, vBal and vVal from the highest vote, executed and kv from    *)
(* the log, ...) missed a state that satisfies Inv.                        *)
(***************************************************************************)
AllVotes == {Vote(i, b, e) : i \in Slots, b \in Ballots, e \in Entries}

IInitLoose ==
    \E R \in SUBSET {RequestMsg(c, i, cmd) : c \in Clients, i \in 1 .. MaxRequests, cmd \in Commands},
       A1 \in SUBSET {Msg1a(b, f) : b \in Ballots, f \in 1 .. (MaxSlot + 1)},
       A2 \in SUBSET {Msg2a(b, i, e) : b \in Ballots, i \in Slots, e \in Entries},
       RP \in SUBSET {ReplyMsg(c, i, j, r) : c \in Clients, i \in 1 .. MaxRequests, j \in Slots, r \in Results} :
    \E B2 \in SUBSET {Msg2b(a, m.bal, m.slot, m.entry) : a \in Servers, m \in A2},
       B1 \in SUBSET {Msg1b(a, m.bal, V) : a \in Servers, m \in A1, V \in SUBSET AllVotes} :
        /\ msgs = R \cup A1 \cup A2 \cup RP \cup B2 \cup B1
        /\ MsgsInv
        /\ ReplyInv
        /\ maxBal \in [Servers -> BallotOrNone]
        /\ PromiseInv
        /\ vBal \in [Servers -> [Slots -> BallotOrNone]]
        /\ vVal \in [Servers -> [Slots -> EntryOrNone]]
        /\ VoteInv
        /\ cSent \in [Clients -> 0 .. MaxRequests]
        /\ RequestInv
        /\ lBal \in [Servers -> BallotOrNone]
        /\ applied \in [Servers -> 0 .. MaxSlot]
        /\ BallotInv
        /\ lPhase \in [Servers -> {"idle", "p1", "p2"}]
        /\ lProp \in [Servers -> [Slots -> EntryOrNone]]
        /\ LeaderInv
        /\ decided \in [Servers -> [Slots -> EntryOrNone]]
        /\ DecidedInv
        /\ executed \in [Servers -> SUBSET Slots]
        /\ kv \in [Servers -> [Keys -> Results]]
        /\ ReplicaInv
        /\ cBusy \in [Clients -> BOOLEAN]
        /\ hMax \in 0 .. MaxSlot
        /\ hFloor \in [Clients -> [1 .. MaxRequests -> 0 .. MaxSlot]]
        /\ Inv
