UNWIND $ids AS i
MATCH (c:Contact {id: i})
RETURN c.id AS id;
