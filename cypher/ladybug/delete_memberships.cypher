UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})-[m:MEMBER_OF]->(:CustomerGroup)
DELETE m;
