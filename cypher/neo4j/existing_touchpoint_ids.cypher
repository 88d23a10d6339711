// Which of the touchpoint ids ($ids) are stored (relationship property index).
UNWIND $ids AS i
MATCH (:Stakeholder)-[t:TOUCHPOINT {id: i}]->()
RETURN t.id AS id;
