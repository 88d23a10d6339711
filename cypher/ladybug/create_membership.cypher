// File one stakeholder under a group.
MATCH (s:Stakeholder {id: $id}), (g:CustomerGroup {id: $group_id})
CREATE (s)-[:MEMBER_OF]->(g);
