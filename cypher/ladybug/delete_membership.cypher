// Take one stakeholder out of their group.
MATCH (:Stakeholder {id: $id})-[m:MEMBER_OF]->()
DELETE m;
