---------------------------- MODULE RingFence ----------------------------
(***************************************************************************)
(* One-sided publication into a receiver's ring, and revocation of the    *)
(* writer's permission (Mu's permission switch), as the ring transport     *)
(* implements them (engine io.decree.engine.ring; docs/rdma.md).          *)
(*                                                                         *)
(* One writer writes records into a ring of Cap slots in the receiver's   *)
(* memory, one position at a time: it begins a write (the slot is torn),  *)
(* ends it (the slot holds the record), then publishes it by a CAS of the *)
(* tail word <<position, epoch, revoked>> from the word it last saw.  The *)
(* receiver reads the slot at its head whenever the published position is *)
(* beyond it and delivers what it reads.  The receiver may revoke the      *)
(* writer (set the revoked bit), and once drained re-grant it in a new    *)
(* epoch; the writer learns of a revocation only when its CAS fails, and  *)
(* then reconnects at the current tail.  A deposed writer that has not    *)
(* learned yet keeps writing: its late writes land, only its publication  *)
(* fails.                                                                  *)
(*                                                                         *)
(* What the receiver delivers is what it acts on (votes it acknowledges:  *)
(* what a quorum relies on), so the properties are about `delivered`:    *)
(*   Intact: every delivery is a complete record, in position order;     *)
(*   Fenced: every delivery was published while the writer held the       *)
(*           permission of the current epoch (ghost `permitted`).        *)
(* Two mutants, switched by constants: PublishEarly publishes before the  *)
(* write begins; IgnoreRevoke stores the tail word without the CAS.       *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS Cap,          \* slots in the ring
          MaxPos,       \* positions the model explores: records 0..MaxPos-1
          MaxEpoch,     \* re-grants the model explores
          PublishEarly, \* mutant: the tail is published before the payload is written
          IgnoreRevoke  \* mutant: the writer's publication ignores the permission word

ASSUME Cap \in Nat \ {0} /\ MaxPos \in Nat /\ MaxEpoch \in Nat
ASSUME PublishEarly \in BOOLEAN /\ IgnoreRevoke \in BOOLEAN

Torn == <<"torn">>                 \* a slot whose bytes are not (all) written
Record(e, p) == <<e, p>>           \* the record of position p written in epoch e
Slot(p) == p % Cap

VARIABLES
  mem,          \* the receiver's ring: slot -> record or Torn
  tailPos,      \* tail word: published position
  tailEpoch,    \* tail word: epoch
  revoked,      \* tail word: revoked bit
  head,         \* receiver: next position to read (written back as credit)
  wEpoch,       \* writer: the epoch of the word it last saw
  wPub,         \* writer: the position of the word it last saw (its last publication)
  wPhase,       \* writer: "idle" | "writing" | "written" | "published" (PublishEarly only)
  wDead,        \* writer: its CAS failed, it must reconnect
  delivered,    \* receiver: what it read and handed on, in order
  permitted     \* ghost: records whose publication happened with permission

vars == <<mem, tailPos, tailEpoch, revoked, head, wEpoch, wPub, wPhase, wDead, delivered, permitted>>

Init ==
  /\ mem = [s \in 0..Cap-1 |-> Torn]
  /\ tailPos = 0 /\ tailEpoch = 0 /\ revoked = FALSE
  /\ head = 0
  /\ wEpoch = 0 /\ wPub = 0 /\ wPhase = "idle" /\ wDead = FALSE
  /\ delivered = <<>>
  /\ permitted = {}

\* The writer's CAS from the word it last saw; IgnoreRevoke replaces it with a plain store.
Allowed == tailPos = wPub /\ tailEpoch = wEpoch /\ ~revoked

Publish ==
  IF Allowed \/ IgnoreRevoke
  THEN /\ tailPos' = wPub + 1
       /\ tailEpoch' = wEpoch
       /\ revoked' = (revoked /\ ~IgnoreRevoke)
       /\ wPub' = wPub + 1
       /\ permitted' = IF Allowed THEN permitted \cup {Record(wEpoch, wPub)} ELSE permitted
       /\ UNCHANGED wDead
  ELSE /\ wDead' = TRUE
       /\ UNCHANGED <<tailPos, tailEpoch, revoked, wPub, permitted>>

\* Credits: the writer uses a slot only when the receiver's head says it is free.
HasRoom == wPub < MaxPos /\ wPub - head < Cap

BeginWrite ==
  /\ ~wDead /\ HasRoom
  /\ wPhase = IF PublishEarly THEN "published" ELSE "idle"
  /\ mem' = [mem EXCEPT ![Slot(IF PublishEarly THEN wPub - 1 ELSE wPub)] = Torn]
  /\ wPhase' = "writing"
  /\ UNCHANGED <<tailPos, tailEpoch, revoked, head, wEpoch, wPub, wDead, delivered, permitted>>

EndWrite ==
  /\ wPhase = "writing"
  /\ LET p == IF PublishEarly THEN wPub - 1 ELSE wPub
     IN mem' = [mem EXCEPT ![Slot(p)] = Record(wEpoch, p)]
  /\ wPhase' = IF PublishEarly THEN "idle" ELSE "written"
  /\ UNCHANGED <<tailPos, tailEpoch, revoked, head, wEpoch, wPub, wDead, delivered, permitted>>

WriterPublish ==
  /\ ~wDead
  /\ IF PublishEarly THEN wPhase = "idle" /\ HasRoom ELSE wPhase = "written"
  /\ Publish
  /\ wPhase' = IF PublishEarly THEN "published" ELSE "idle"
  /\ UNCHANGED <<mem, head, wEpoch, delivered>>

Receive ==
  /\ head < tailPos
  /\ delivered' = Append(delivered, mem[Slot(head)])
  /\ head' = head + 1
  /\ UNCHANGED <<mem, tailPos, tailEpoch, revoked, wEpoch, wPub, wPhase, wDead, permitted>>

Revoke ==
  /\ ~revoked
  /\ revoked' = TRUE
  /\ UNCHANGED <<mem, tailPos, tailEpoch, head, wEpoch, wPub, wPhase, wDead, delivered, permitted>>

\* A new epoch once everything published before the fence was consumed.
Regrant ==
  /\ revoked /\ tailEpoch < MaxEpoch /\ head = tailPos
  /\ revoked' = FALSE
  /\ tailEpoch' = tailEpoch + 1
  /\ UNCHANGED <<mem, tailPos, head, wEpoch, wPub, wPhase, wDead, delivered, permitted>>

\* A writer that learned of its revocation attaches again at the current tail word.
Reconnect ==
  /\ wDead /\ ~revoked
  /\ wDead' = FALSE
  /\ wEpoch' = tailEpoch
  /\ wPub' = tailPos
  /\ wPhase' = "idle"
  /\ UNCHANGED <<mem, tailPos, tailEpoch, revoked, head, delivered, permitted>>

Next == BeginWrite \/ EndWrite \/ WriterPublish \/ Receive \/ Revoke \/ Regrant \/ Reconnect

Spec == Init /\ [][Next]_vars

TypeOK ==
  /\ \A s \in 0..Cap-1 : mem[s] = Torn \/ (mem[s][1] \in 0..MaxEpoch /\ mem[s][2] \in 0..MaxPos)
  /\ tailPos \in 0..MaxPos /\ head \in 0..tailPos
  /\ tailEpoch \in 0..MaxEpoch /\ wEpoch \in 0..MaxEpoch
  /\ revoked \in BOOLEAN /\ wDead \in BOOLEAN
  /\ wPhase \in {"idle", "writing", "written", "published"}

\* Every delivery is a whole record, and the i-th is the record of position i-1.
Intact == \A i \in 1..Len(delivered) : delivered[i] # Torn /\ delivered[i][2] = i - 1

\* A revoked writer changes nothing the receiver acts on: every delivery was published with permission.
Fenced == \A i \in 1..Len(delivered) : delivered[i] \in permitted

=============================================================================
