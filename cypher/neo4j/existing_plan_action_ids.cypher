UNWIND $ids AS i
MATCH (p:PlanAction {id: i})
RETURN p.id AS id;
