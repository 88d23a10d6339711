// DETACH: their touchpoints and MEMBER_OF edges go with them.
UNWIND $ids AS i
MATCH (s:Stakeholder {id: i})
DETACH DELETE s;
