MATCH (p:PlanAction {id: $id})
RETURN p;
