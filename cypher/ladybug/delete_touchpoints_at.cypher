// Touchpoints by id, found from their source's key ($rows: id, source): no scan of every tie.
UNWIND $rows AS r
MATCH (:Stakeholder {id: r.source})-[t:TOUCHPOINT]->(:Stakeholder)
WHERE t.id = r.id
DELETE t;
