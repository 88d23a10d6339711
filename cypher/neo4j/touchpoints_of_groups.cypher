// Stored touchpoints with the groups to be deleted ($ids): they go with them.
UNWIND $ids AS i
MATCH (:Stakeholder)-[t:TOUCHPOINT]->(:CustomerGroup {id: i})
RETURN t.id AS id;
