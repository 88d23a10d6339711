// Which of the stakeholder ids ($ids) are stored (primary-key lookups).
UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})
RETURN s.id AS id;
