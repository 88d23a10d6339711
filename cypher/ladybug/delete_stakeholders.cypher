UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})
DETACH DELETE s;
