// Which of the stakeholder ids a change refers to ($ids) are stored.
UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})
RETURN s.id AS id;
