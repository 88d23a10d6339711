UNWIND $ids AS i
MATCH (:Stakeholder)-[t:TOUCHPOINT {id: i}]->(:Stakeholder)
DELETE t;
