// The logged contacts of touchpoints that are deleted ($ids): a tie's log goes with it
// (it is personal data). One scan of the log for the whole list.
MATCH (c:Contact)
WHERE list_contains($ids, c.touchpoint)
DELETE c;
