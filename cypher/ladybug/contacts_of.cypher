// The ids of the logged contacts of touchpoints ($ids).
MATCH (c:Contact)
WHERE list_contains($ids, c.touchpoint)
RETURN c.id AS id;
