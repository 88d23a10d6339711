// One stored touchpoint by id, found from its source's key ($id, $source), with what it
// goes to (a Stakeholder or a CustomerGroup).
MATCH (:Stakeholder {id: $source})-[t:TOUCHPOINT]->(b)
WHERE t.id = $id
RETURN b.id AS target, label(b) AS target_kind, t;
