// Keep MEMBER_OF in step with each stakeholder's group ($rows: id, group): drop the old
// edge, then join the group named (if any). The group exists: the plan checked it.
UNWIND $rows AS r
MATCH (s:Stakeholder {id: r.id})
OPTIONAL MATCH (s)-[m:MEMBER_OF]->(:CustomerGroup)
DELETE m
WITH DISTINCT s, r
WHERE r.`group` IS NOT NULL
MATCH (g:CustomerGroup {id: r.`group`})
CREATE (s)-[:MEMBER_OF]->(g);
