// Set the fields that changed ({assignments}: see set_stakeholder_fields.cypher).
MATCH (p:PlanAction {id: $id})
SET {assignments};
