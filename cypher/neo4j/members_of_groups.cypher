// Stored members of the groups to be deleted ($ids): by the stakeholder's own group field
// or by a MEMBER_OF edge (the two are kept in step; either one is enough to keep a group).
UNWIND $ids AS i
MATCH (s:Stakeholder)
WHERE s.`group` = i OR EXISTS { (s)-[:MEMBER_OF]->(:CustomerGroup {id: i}) }
RETURN i AS group_id, s.id AS id;
