MATCH (c:Contact {id: $id})
RETURN c;
