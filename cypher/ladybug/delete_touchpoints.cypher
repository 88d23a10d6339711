UNWIND $ids AS i
MATCH (:Stakeholder)-[t:TOUCHPOINT]->(:Stakeholder)
WHERE t.id = i
DELETE t;
