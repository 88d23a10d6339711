UNWIND $ids AS i
MATCH (s:Stakeholder)
WHERE s.`group` = i
RETURN i AS group_id, s.id AS id;
