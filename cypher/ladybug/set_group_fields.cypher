// Set the fields that changed ({assignments}: see set_stakeholder_fields.cypher).
MATCH (g:CustomerGroup {id: $id})
SET {assignments};
