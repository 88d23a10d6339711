// The touchpoints with a group ($id), which go when the group is deleted.
MATCH (:Stakeholder)-[t:TOUCHPOINT]->(:CustomerGroup {id: $id})
RETURN t.id AS id;
