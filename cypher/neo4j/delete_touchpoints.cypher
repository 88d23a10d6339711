UNWIND $ids AS i
MATCH (:Stakeholder)-[t:TOUCHPOINT {id: i}]->()
DELETE t;
