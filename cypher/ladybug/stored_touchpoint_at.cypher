// One stored touchpoint by id, found from its source's key ($id, $source).
MATCH (:Stakeholder {id: $source})-[t:TOUCHPOINT]->(b:Stakeholder)
WHERE t.id = $id
RETURN b.id AS target, t;
