----------------------------- MODULE MultiPaxos -----------------------------
(***************************************************************************)
(* Multi-Paxos: a replicated key-value store.  Clients send commands; the  *)
(* servers agree, slot by slot, on a log of commands and apply it in slot  *)
(* order, each to its own copy of the store, and answer the clients.       *)
(*                                                                         *)
(* Every server is proposer, acceptor, learner and replica at once.  Each  *)
(* slot of the log is an instance of Basic Paxos (spec/Paxos.tla), and the *)
(* instances share their ballots:                                          *)
(*   Phase 1a/1b  the owner of ballot b asks the acceptors to join b, once *)
(*                for all the slots from the first one it has not applied *)
(*                on; a promise reports the acceptor's last vote in each   *)
(*                of those slots;                                          *)
(*   BecomeLeader with promises from a quorum, the server leads b: in each *)
(*                slot above those it has applied where a vote was         *)
(*                reported, it must propose the value of the highest-      *)
(*                ballot vote, and does so at once;                        *)
(*   Propose      in the other slots above those it has applied it         *)
(*                proposes client commands (or a no-op to fill a gap) with *)
(*                phase 2 alone, which is what makes a stable leader cost  *)
(*                two message delays a command;                            *)
(*   Phase 2b     an acceptor votes in a slot unless it joined a higher    *)
(*                ballot;                                                  *)
(*   Decide       a server learns a slot's command from a quorum of votes  *)
(*                in one ballot;                                           *)
(*   Apply        a replica applies the decided commands in slot order, no *)
(*                gaps, skipping a request it has already executed (a      *)
(*                client may have retried it into a second slot), and      *)
(*                answers the client.                                      *)
(* Any server may begin a higher ballot at any time, so leaders may duel;  *)
(* safety does not depend on there being one leader.  A leader proposes    *)
(* only within a window of Window slots past the last slot its replica     *)
(* has applied (pipelining).                                               *)
(*                                                                         *)
(* The network is the set msgs of every message sent, as in Paxos.tla:     *)
(* messages may be lost, duplicated and reordered.  Acceptors and          *)
(* replicas keep their state on disk, and so does a server the highest    *)
(* ballot it began; what a leader proposed is in memory only.  A crash is  *)
(* Abandon: the server stops leading and forgets its proposals, and can    *)
(* lead again only by beginning a higher ballot (Phase1a).  A crashed      *)
(* server otherwise takes no steps, which needs no action.                 *)
(*                                                                         *)
(* Clients.  Each client sends its requests one at a time, numbered 1, 2,  *)
(* ..., and waits for an answer; a retry is the same request, which the    *)
(* set of messages already holds.  The history variables hMax and hFloor   *)
(* record, for each request, the highest slot of any answer received       *)
(* before it was sent, so that Linearizable can be stated as an invariant: *)
(* the log order is a sequential order of the requests that respects real  *)
(* time, and every answer is the one that order gives.                     *)
(*                                                                         *)
(* Every action's parameters are plain values (a server, a ballot, an      *)
(* entry, a message record), and Next draws each from a set, so that a     *)
(* log line naming the action and its arguments can be checked against    *)
(* this text (trace-check/).                                               *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    NumServers,  \* the servers are 0 .. NumServers - 1
    Quorums,     \* a set of sets of servers; see QuorumAssumption
    Clients,     \* the clients
    MaxRequests, \* how many requests each client sends, at most
    Keys,        \* the keys of the store
    Vals,        \* the values a client may put
    NoVal,       \* the value of a key never written; not in Vals
    MaxSlot,     \* the log's slots are 1 .. MaxSlot: the bound of a model
    MaxBallot,   \* ballots are 0 .. MaxBallot: the bound of a model
    Window,      \* a leader proposes only up to Window slots past its replica
    Replicas     \* the servers that learn and apply the log: all of them in a
                 \* deployment; a model may take fewer, since safety does not
                 \* depend on how many replicas there are and each one
                 \* multiplies the states a model checker visits

Servers == 0 .. (NumServers - 1)

ASSUME QuorumAssumption ==
    /\ Quorums \subseteq SUBSET Servers
    /\ \A Q1, Q2 \in Quorums : Q1 \cap Q2 # {}

\* (Comparisons rather than membership in Nat, which the embedded engine
\* evaluates only up to 100.)
ASSUME ConstantsAssumption ==
    /\ NumServers >= 1
    /\ MaxRequests >= 0
    /\ MaxSlot >= 1
    /\ MaxBallot >= 0
    /\ Window >= 1
    /\ NoVal \notin Vals
    /\ Replicas \subseteq Servers

Slots == 1 .. MaxSlot
Ballots == 0 .. MaxBallot
NoBallot == -1
\* Ballot b belongs to server b % NumServers, as in Paxos.tla.
Owner(b) == b % NumServers

(***************************************************************************)
(* Commands and log entries.  Every command has the same three fields, so  *)
(* that any two can be compared.  A log entry is a client's request (who,  *)
(* which request, what command) or the no-op that fills a slot nobody      *)
(* needs.  NoVal, a model value, also stands for "no client" and "no key"  *)
(* in the no-op, so that its fields compare with any entry's.              *)
(***************************************************************************)
Put(k, v) == [op |-> "put", key |-> k, val |-> v]
Get(k) == [op |-> "get", key |-> k, val |-> NoVal]
Commands == {Put(k, v) : k \in Keys, v \in Vals} \cup {Get(k) : k \in Keys}
Entry(c, i, cmd) == [client |-> c, id |-> i, cmd |-> cmd]
Noop == [client |-> NoVal, id |-> 0, cmd |-> [op |-> "noop", key |-> NoVal, val |-> NoVal]]
\* No entry: the value of a slot not (yet) decided, proposed or voted in.
None == [client |-> NoVal, id |-> -1, cmd |-> [op |-> "none", key |-> NoVal, val |-> NoVal]]
Entries == {Entry(c, i, cmd) : c \in Clients, i \in 1 .. MaxRequests, cmd \in Commands} \cup {Noop}

-----------------------------------------------------------------------------
VARIABLES
    msgs,       \* the set of all messages sent
    maxBal,     \* maxBal[a]: the highest ballot acceptor a has joined
    vBal,       \* vBal[a][i]: the ballot of a's last vote in slot i, or NoBallot
    vVal,       \* vVal[a][i]: the entry of that vote, or None
    lBal,       \* lBal[s]: the highest ballot server s has begun, or NoBallot
    lPhase,     \* lPhase[s]: "idle", "p1" (collecting promises), "p2" (leading lBal[s])
    lProp,      \* lProp[s][i]: what s proposed in slot i in ballot lBal[s], or None
    decided,    \* decided[s][i]: the entry s has learned for slot i, or None
    applied,    \* applied[s]: s has applied slots 1 .. applied[s]
    executed,   \* executed[s]: the slots whose request s executed (not skipped)
    kv,         \* kv[s]: s's copy of the store
    cSent,      \* cSent[c]: the number of requests client c has sent
    cBusy,      \* cBusy[c]: c waits for the answer to request cSent[c]
    hMax,       \* history: the highest slot of any answer a client has received, or 0
    hFloor      \* history: hFloor[c][i] is hMax when c sent request i (0 until then)

acceptorVars == <<maxBal, vBal, vVal>>
leaderVars == <<lBal, lPhase, lProp>>
replicaVars == <<decided, applied, executed, kv>>
clientVars == <<cSent, cBusy, hMax, hFloor>>
vars == <<msgs, acceptorVars, leaderVars, replicaVars, clientVars>>

RequestMsg(c, i, cmd) == [type |-> "request", client |-> c, id |-> i, cmd |-> cmd]
\* The 1a of ballot b asks for promises about slots from .. MaxSlot.
Msg1a(b, from) == [type |-> "1a", bal |-> b, from |-> from]
\* A promise carries the acceptor's last vote in each of those slots it
\* voted in.
Msg1b(a, b, votes) == [type |-> "1b", acc |-> a, bal |-> b, votes |-> votes]
Msg2a(b, i, e) == [type |-> "2a", bal |-> b, slot |-> i, entry |-> e]
Msg2b(a, b, i, e) == [type |-> "2b", acc |-> a, bal |-> b, slot |-> i, entry |-> e]
\* The answer to a request, with the slot it was executed in (the point at
\* which it took effect, which Linearizable checks).
ReplyMsg(c, i, slot, result) == [type |-> "reply", client |-> c, id |-> i, slot |-> slot, result |-> result]

Send(m) == msgs' = msgs \cup {m}
SendAll(ms) == msgs' = msgs \cup ms

\* An entry may be proposed once its request was sent by its client.
Requested(e) == e = Noop \/ RequestMsg(e.client, e.id, e.cmd) \in msgs

(***************************************************************************)
(* The type invariant, field by field.                                     *)
(***************************************************************************)
BallotOrNone == Ballots \cup {NoBallot}
EntryOrNone == Entries \cup {None}
Results == Vals \cup {NoVal}
Vote(i, b, e) == [slot |-> i, bal |-> b, entry |-> e]

IsMessage(m) ==
    \/ /\ m.type = "request"
       /\ m.client \in Clients
       /\ m.id \in 1 .. MaxRequests
       /\ m.cmd \in Commands
    \/ /\ m.type = "1a"
       /\ m.bal \in Ballots
       /\ m.from \in 1 .. (MaxSlot + 1)
    \/ /\ m.type = "1b"
       /\ m.acc \in Servers
       /\ m.bal \in Ballots
       /\ \A v \in m.votes : /\ v.slot \in Slots
                             /\ v.bal \in Ballots
                             /\ v.entry \in Entries
    \/ /\ m.type = "2a"
       /\ m.bal \in Ballots
       /\ m.slot \in Slots
       /\ m.entry \in Entries
    \/ /\ m.type = "2b"
       /\ m.acc \in Servers
       /\ m.bal \in Ballots
       /\ m.slot \in Slots
       /\ m.entry \in Entries
    \/ /\ m.type = "reply"
       /\ m.client \in Clients
       /\ m.id \in 1 .. MaxRequests
       /\ m.slot \in Slots
       /\ m.result \in Results

TypeOK ==
    /\ \A m \in msgs : IsMessage(m)
    /\ \A a \in Servers :
          /\ maxBal[a] \in BallotOrNone
          /\ \A i \in Slots : vBal[a][i] \in BallotOrNone /\ vVal[a][i] \in EntryOrNone
    /\ \A s \in Servers :
          /\ lBal[s] \in BallotOrNone
          /\ lPhase[s] \in {"idle", "p1", "p2"}
          /\ \A i \in Slots : lProp[s][i] \in EntryOrNone /\ decided[s][i] \in EntryOrNone
          /\ applied[s] \in 0 .. MaxSlot
          /\ executed[s] \subseteq 1 .. applied[s]
          /\ \A k \in Keys : kv[s][k] \in Results
    /\ \A c \in Clients : cSent[c] \in 0 .. MaxRequests /\ cBusy[c] \in BOOLEAN
    /\ hMax \in 0 .. MaxSlot
    /\ \A c \in Clients : \A i \in 1 .. MaxRequests : hFloor[c][i] \in 0 .. MaxSlot

-----------------------------------------------------------------------------
Init ==
    /\ msgs = {}
    /\ maxBal = [a \in Servers |-> NoBallot]
    /\ vBal = [a \in Servers |-> [i \in Slots |-> NoBallot]]
    /\ vVal = [a \in Servers |-> [i \in Slots |-> None]]
    /\ lBal = [s \in Servers |-> NoBallot]
    /\ lPhase = [s \in Servers |-> "idle"]
    /\ lProp = [s \in Servers |-> [i \in Slots |-> None]]
    /\ decided = [s \in Servers |-> [i \in Slots |-> None]]
    /\ applied = [s \in Servers |-> 0]
    /\ executed = [s \in Servers |-> {}]
    /\ kv = [s \in Servers |-> [k \in Keys |-> NoVal]]
    /\ cSent = [c \in Clients |-> 0]
    /\ cBusy = [c \in Clients |-> FALSE]
    /\ hMax = 0
    /\ hFloor = [c \in Clients |-> [i \in 1 .. MaxRequests |-> 0]]

(***************************************************************************)
(* Client c sends its next request, once the previous one is answered.     *)
(* The history remembers the highest slot of any answer received so far:  *)
(* every request answered before this one was sent took effect at or      *)
(* below it, so this one must take effect above it, in any order that      *)
(* respects real time.                                                     *)
(***************************************************************************)
Request(c, cmd) ==
    /\ ~cBusy[c]
    /\ cSent[c] < MaxRequests
    /\ cSent' = [cSent EXCEPT ![c] = cSent[c] + 1]
    /\ cBusy' = [cBusy EXCEPT ![c] = TRUE]
    /\ Send(RequestMsg(c, cSent[c] + 1, cmd))
    /\ hFloor' = [hFloor EXCEPT ![c][cSent[c] + 1] = hMax]
    /\ UNCHANGED <<acceptorVars, leaderVars, replicaVars, hMax>>

\* Client c receives m, an answer to the request it is waiting for.
Receive(c, m) ==
    /\ cBusy[c]
    /\ m.client = c
    /\ m.id = cSent[c]
    /\ cBusy' = [cBusy EXCEPT ![c] = FALSE]
    /\ hMax' = IF m.slot > hMax THEN m.slot ELSE hMax
    /\ UNCHANGED <<msgs, acceptorVars, leaderVars, replicaVars, cSent, hFloor>>

(***************************************************************************)
(* Phase 1a.  Server s begins ballot b, one of its own above any it began, *)
(* at any time: to become leader, or because a leader seems to have gone.  *)
(* Whatever it proposed in an earlier ballot is forgotten.                 *)
(*                                                                         *)
(* Phase 1 covers only the slots from applied[s] + 1 on, as deployments   *)
(* do: slots 1 .. applied[s] are decided at s, hence chosen, and s will   *)
(* never propose in them (Propose and BecomeLeader act only above          *)
(* applied[s], which only grows).  Asking about them would only make the   *)
(* promises, and the re-proposals, grow with the whole log.  The 1a of b   *)
(* is sent once: b is above every ballot s began, and lBal[s] is durable.  *)
(***************************************************************************)
Phase1a(s, b) ==
    /\ Owner(b) = s
    /\ b > lBal[s]
    /\ lBal' = [lBal EXCEPT ![s] = b]
    /\ lPhase' = [lPhase EXCEPT ![s] = "p1"]
    /\ lProp' = [lProp EXCEPT ![s] = [i \in Slots |-> None]]
    /\ Send(Msg1a(b, applied[s] + 1))
    /\ UNCHANGED <<acceptorVars, replicaVars, clientVars>>

(***************************************************************************)
(* Server s stops leading, or stops trying to: it crashed (its proposals   *)
(* were in memory only), or it learned of a higher ballot.  Forgetting     *)
(* what it proposed is safe because it can lead again only in a higher     *)
(* ballot: it never proposes twice in one ballot and slot.                 *)
(***************************************************************************)
Abandon(s) ==
    /\ lPhase[s] # "idle"
    /\ lPhase' = [lPhase EXCEPT ![s] = "idle"]
    /\ lProp' = [lProp EXCEPT ![s] = [i \in Slots |-> None]]
    /\ UNCHANGED <<msgs, acceptorVars, lBal, replicaVars, clientVars>>

(***************************************************************************)
(* Phase 1b.  Acceptor a receives m, the 1a of a ballot higher than any   *)
(* it has joined, joins that ballot, and reports its last vote in each     *)
(* slot from m.from on: one promise for all those slots.  The promise     *)
(* itself (maxBal) holds in every slot; only the report is limited, to the *)
(* slots the leader may propose in.  For each of them it reports all that  *)
(* a Basic Paxos 1b for that slot would report.                            *)
(***************************************************************************)
VotesFrom(a, from) ==
    {Vote(i, vBal[a][i], vVal[a][i]) : i \in {j \in Slots : j >= from /\ vBal[a][j] # NoBallot}}

Phase1b(a, m) ==
    /\ m.bal > maxBal[a]
    /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
    /\ Send(Msg1b(a, m.bal, VotesFrom(a, m.from)))
    /\ UNCHANGED <<vBal, vVal, leaderVars, replicaVars, clientVars>>

(***************************************************************************)
(* Server s, in phase 1 of its ballot, has promises from a quorum Q and    *)
(* becomes its leader.  In each slot above applied[s] where the promises   *)
(* report a vote, the only safe value is that of the highest-ballot vote   *)
(* reported (as in Paxos.tla's SafeToPropose): s proposes it at once, in   *)
(* every such slot.  The other slots above applied[s] are free.            *)
(*                                                                         *)
(* Why only above applied[s], and why that is enough.  The 1a asked from   *)
(* slot f = applied[s] + 1 as it was then; applied[s] has only grown, so   *)
(* every slot above it is >= f, and there each promise reports a's last   *)
(* vote before it promised, just as a Basic Paxos promise for that slot   *)
(* would: the reports of Q are complete for those slots, and SafeEntry is  *)
(* SafeToPropose.  Slots 1 .. applied[s] are decided at s, hence chosen   *)
(* (DecidedIsChosen); s proposes nothing there in ballot b, neither here   *)
(* nor in Propose, so ballot b casts no vote there, and what was chosen    *)
(* there stays the only entry chosen.                                      *)
(***************************************************************************)
Promises(b, Q) == {m \in msgs : m.type = "1b" /\ m.bal = b /\ m.acc \in Q}
PromisedByQuorum(b, Q) == \A a \in Q : \E m \in Promises(b, Q) : m.acc = a
ReportedVotes(b, Q, slot) == {v \in UNION {m.votes : m \in Promises(b, Q)} : v.slot = slot}
\* The entry of the highest-ballot vote reported in the slot, or None.
SafeEntry(b, Q, slot) ==
    IF ReportedVotes(b, Q, slot) = {}
    THEN None
    ELSE (CHOOSE v \in ReportedVotes(b, Q, slot) :
              \A w \in ReportedVotes(b, Q, slot) : w.bal =< v.bal).entry

\* What the leader of b must propose in each slot above low (None: free).
SafeEntries(b, Q, low) == [slot \in Slots |-> IF slot > low THEN SafeEntry(b, Q, slot) ELSE None]
\* The 2a messages that re-propose every reported vote above low.
Reproposals(b, Q, low) ==
    {Msg2a(b, slot, SafeEntry(b, Q, slot)) : slot \in {j \in Slots : j > low /\ SafeEntry(b, Q, j) # None}}

\* (SafeEntries and Reproposals take the ballot and quorum as parameters:
\* the embedded engine overflows its stack on a function constructor over
\* SafeEntry written inline here.)
BecomeLeader(s, Q) ==
    /\ lPhase[s] = "p1"
    /\ PromisedByQuorum(lBal[s], Q)
    /\ lPhase' = [lPhase EXCEPT ![s] = "p2"]
    /\ lProp' = [lProp EXCEPT ![s] = SafeEntries(lBal[s], Q, applied[s])]
    /\ SendAll(Reproposals(lBal[s], Q, applied[s]))
    /\ UNCHANGED <<acceptorVars, lBal, replicaVars, clientVars>>

(***************************************************************************)
(* Leader s proposes entry e in free slot i: phase 2 only.  One proposal   *)
(* per slot per ballot, as one 2a per ballot in Paxos.tla: two values      *)
(* proposed in one ballot and slot could both be chosen.  Only above      *)
(* applied[s]: phase 1 asked about no slot below that (see BecomeLeader), *)
(* and those slots are decided anyway.  The window keeps the leader from   *)
(* running ahead of what its replica has applied.                          *)
(***************************************************************************)
Propose(s, i, e) ==
    /\ lPhase[s] = "p2"
    /\ lProp[s][i] = None
    /\ i > applied[s]
    /\ i =< applied[s] + Window
    /\ Requested(e)
    /\ lProp' = [lProp EXCEPT ![s][i] = e]
    /\ Send(Msg2a(lBal[s], i, e))
    /\ UNCHANGED <<acceptorVars, lBal, lPhase, replicaVars, clientVars>>

(***************************************************************************)
(* Phase 2b.  Acceptor a receives m, a 2a proposing an entry in a slot,    *)
(* and votes for it, unless it has joined a higher ballot: the promise of  *)
(* phase 1b, kept slot by slot.                                            *)
(***************************************************************************)
Phase2b(a, m) ==
    /\ m.bal >= maxBal[a]
    /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
    /\ vBal' = [vBal EXCEPT ![a][m.slot] = m.bal]
    /\ vVal' = [vVal EXCEPT ![a][m.slot] = m.entry]
    /\ Send(Msg2b(a, m.bal, m.slot, m.entry))
    /\ UNCHANGED <<leaderVars, replicaVars, clientVars>>

\* Entry e is chosen in slot i at ballot b: a quorum voted for it there.
ChosenAt(i, b, e) == \E Q \in Quorums : \A a \in Q : Msg2b(a, b, i, e) \in msgs
Chosen(i) == {e \in Entries : \E b \in Ballots : ChosenAt(i, b, e)}

\* Server s learns a slot's entry from a quorum of votes in one ballot: the
\* votes for m, the 2a that proposed the entry in that slot and ballot.
Decide(s, m) ==
    /\ decided[s][m.slot] = None
    /\ ChosenAt(m.slot, m.bal, m.entry)
    /\ decided' = [decided EXCEPT ![s][m.slot] = m.entry]
    /\ UNCHANGED <<msgs, acceptorVars, leaderVars, applied, executed, kv, clientVars>>

(***************************************************************************)
(* Replica s applies its next slot, once decided.  A no-op, or a request   *)
(* it has already executed in an earlier slot (a retry that was decided    *)
(* twice), is skipped; any other request is executed on s's store and      *)
(* answered, with the slot.                                                *)
(***************************************************************************)
SameRequest(e1, e2) == e1.client = e2.client /\ e1.id = e2.id
NextSlot(s) == applied[s] + 1
AlreadyExecuted(s, e) == \E j \in executed[s] : SameRequest(decided[s][j], e)
Skippable(s, e) == e = Noop \/ AlreadyExecuted(s, e)

ApplySkip(s) ==
    /\ applied[s] < MaxSlot
    /\ decided[s][NextSlot(s)] # None
    /\ Skippable(s, decided[s][NextSlot(s)])
    /\ applied' = [applied EXCEPT ![s] = NextSlot(s)]
    /\ UNCHANGED <<msgs, acceptorVars, leaderVars, decided, executed, kv, clientVars>>

\* The store after executing cmd, and the answer: a put answers the value
\* it wrote, a get the value it read.
StoreWith(store, cmd) == IF cmd.op = "put" THEN [store EXCEPT ![cmd.key] = cmd.val] ELSE store
Answer(store, cmd) == IF cmd.op = "put" THEN cmd.val ELSE store[cmd.key]

ApplyExecute(s) ==
    /\ applied[s] < MaxSlot
    /\ decided[s][NextSlot(s)] # None
    /\ ~Skippable(s, decided[s][NextSlot(s)])
    /\ applied' = [applied EXCEPT ![s] = NextSlot(s)]
    /\ executed' = [executed EXCEPT ![s] = executed[s] \cup {NextSlot(s)}]
    /\ kv' = [kv EXCEPT ![s] = StoreWith(kv[s], decided[s][NextSlot(s)].cmd)]
    /\ Send(ReplyMsg(decided[s][NextSlot(s)].client, decided[s][NextSlot(s)].id, NextSlot(s),
                     Answer(kv[s], decided[s][NextSlot(s)].cmd)))
    /\ UNCHANGED <<acceptorVars, leaderVars, decided, clientVars>>

(***************************************************************************)
(* The next-state relation.  An action that needs a message takes it as a *)
(* parameter, drawn from the messages sent of its type: a promise needs a  *)
(* 1a, a vote a 2a, a decision the 2a whose votes it counts, a client's    *)
(* receipt a reply.  That is the same set of steps as drawing a ballot, a  *)
(* slot and an entry from every combination and asking that the message   *)
(* was sent, with far fewer combinations for a model checker to try, and   *)
(* every parameter is a value a log line can name.                         *)
(***************************************************************************)
Msgs1a == {m \in msgs : m.type = "1a"}
Msgs2a == {m \in msgs : m.type = "2a"}
Replies == {m \in msgs : m.type = "reply"}
RequestedEntries == {Noop} \cup {Entry(m.client, m.id, m.cmd) : m \in {r \in msgs : r.type = "request"}}

Next ==
    \/ \E c \in Clients, cmd \in Commands : Request(c, cmd)
    \/ \E c \in Clients, m \in Replies : Receive(c, m)
    \/ \E s \in Servers, b \in Ballots : Phase1a(s, b)
    \/ \E s \in Servers : Abandon(s)
    \/ \E a \in Servers, m \in Msgs1a : Phase1b(a, m)
    \/ \E s \in Servers, Q \in Quorums : BecomeLeader(s, Q)
    \/ \E s \in Servers, i \in Slots, e \in RequestedEntries : Propose(s, i, e)
    \/ \E a \in Servers, m \in Msgs2a : Phase2b(a, m)
    \/ \E s \in Replicas, m \in Msgs2a : Decide(s, m)
    \/ \E s \in Replicas : ApplySkip(s)
    \/ \E s \in Replicas : ApplyExecute(s)

Spec == Init /\ [][Next]_vars


-----------------------------------------------------------------------------
(***************************************************************************)
(*                               Safety                                    *)
(***************************************************************************)
\* At most one entry is chosen in each slot.
SlotAgreement == \A i \in Slots : Cardinality(Chosen(i)) =< 1

\* A server decides only what is chosen.
DecidedIsChosen == \A s \in Servers, i \in Slots : decided[s][i] # None => decided[s][i] \in Chosen(i)

\* The replicas' applied logs are prefixes of one another.
LogPrefix ==
    \A s, t \in Servers : \A i \in 1 .. applied[s] :
        i =< applied[t] => decided[s][i] = decided[t][i]

\* Only requested commands are applied.
AppliedWasRequested == \A s \in Servers : \A i \in 1 .. applied[s] : Requested(decided[s][i])

\* No replica executes a request twice, however many slots it was decided in.
NoDoubleExecution ==
    \A s \in Servers : \A i, j \in executed[s] : i # j => ~SameRequest(decided[s][i], decided[s][j])

(***************************************************************************)
(* Linearizability.  The log is the order: the store after slot i is the   *)
(* result of executing, in slot order, the first occurrence of each        *)
(* request in the chosen entries of slots 1 .. i.  Then                    *)
(*   - every answer is what that order gives at the answer's slot, and     *)
(*   - a request sent after another was answered is executed in a later    *)
(*     slot (real time is respected).                                      *)
(* Defined on the chosen log, independently of any replica's state.        *)
(*                                                                         *)
(* The second clause is stated with hFloor: every answer to request i of   *)
(* client c has a slot above hFloor[c][i], the highest slot of any answer  *)
(* received before c sent it.  By the first clause every answer to one    *)
(* request carries the same slot (the first occurrence of the request in   *)
(* the chosen log), so this says exactly that each request answered       *)
(* before c's request i was sent was executed in a lower slot: the         *)
(* pairwise statement, with history variables linear in the number of     *)
(* requests rather than quadratic.                                         *)
(***************************************************************************)
LogEntry(i) == CHOOSE e \in Chosen(i) : TRUE
FirstOccurrence(i) == \A j \in 1 .. (i - 1) : ~SameRequest(LogEntry(j), LogEntry(i))

RECURSIVE StoreAfter(_)
StoreAfter(i) ==
    IF i = 0 THEN [k \in Keys |-> NoVal]
    ELSE IF LogEntry(i).cmd.op = "put" /\ FirstOccurrence(i)
         THEN [StoreAfter(i - 1) EXCEPT ![LogEntry(i).cmd.key] = LogEntry(i).cmd.val]
         ELSE StoreAfter(i - 1)

ResultAt(i) ==
    IF LogEntry(i).cmd.op = "put" THEN LogEntry(i).cmd.val
    ELSE StoreAfter(i - 1)[LogEntry(i).cmd.key]

\* Slots 1 .. i are all chosen (so the order up to i is fixed).
PrefixChosen(i) == \A j \in 1 .. i : Chosen(j) # {}

Linearizable ==
    /\ \A m \in msgs :
          m.type = "reply" =>
              /\ PrefixChosen(m.slot)
              /\ SameRequest(LogEntry(m.slot), m)
              /\ FirstOccurrence(m.slot)
              /\ m.result = ResultAt(m.slot)
    /\ \A m \in msgs :
          m.type = "reply" => m.slot > hFloor[m.client][m.id]
=============================================================================
