// The logged contacts of touchpoints that are deleted ($ids): a tie's log goes with it
// (it is personal data).
UNWIND $ids AS i
MATCH (c:Contact {touchpoint: i})
DELETE c;
