UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})-[t:TOUCHPOINT]-(:Stakeholder)
RETURN DISTINCT t.id AS id;
