// The logged contacts of touchpoints that go ($ids).
UNWIND $ids AS i
MATCH (c:Contact {touchpoint: i})
RETURN c.id AS id;
