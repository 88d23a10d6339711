// Set the fields that changed on a tie whose ends stay ({assignments}: see
// set_stakeholder_fields.cypher).
MATCH (:Stakeholder {id: $source})-[t:TOUCHPOINT]->(:Stakeholder)
WHERE t.id = $id
SET {assignments};
