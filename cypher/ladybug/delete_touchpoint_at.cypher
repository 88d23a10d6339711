// One touchpoint by id, found from its source's key.
MATCH (:Stakeholder {id: $source})-[t:TOUCHPOINT]->()
WHERE t.id = $id
DELETE t;
