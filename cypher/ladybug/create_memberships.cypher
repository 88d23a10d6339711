// File stakeholders under their group ($rows: id, group).
UNWIND $rows AS r
MATCH (s:Stakeholder {id: r.id}), (g:CustomerGroup {id: r.`group`})
CREATE (s)-[:MEMBER_OF]->(g);
