// Set the fields that changed on a tie whose ends stay ({assignments}: see
// set_stakeholder_fields.cypher), to a stakeholder or to a group; the weight moves with
// strength and cadence.
MATCH (:Stakeholder {id: $source})-[t:TOUCHPOINT]->()
WHERE t.id = $id
SET {assignments};
