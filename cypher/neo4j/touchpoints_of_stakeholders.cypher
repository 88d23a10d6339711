// Stored touchpoints touching the stakeholders to be deleted ($ids): they go with them.
UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})-[t:TOUCHPOINT]-(:Stakeholder)
RETURN DISTINCT t.id AS id;
