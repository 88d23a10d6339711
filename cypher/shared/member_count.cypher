// How many stakeholders are filed under the group $id (from the group's key, backwards).
MATCH (s:Stakeholder)-[:MEMBER_OF]->(g:CustomerGroup {id: $id})
RETURN count(s) AS n;
