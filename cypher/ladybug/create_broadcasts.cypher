// Touchpoints with a group, in bulk (an import's updated ties); lookups chained (see
// create_touchpoints.cypher).
UNWIND $rows AS r
MATCH (a:Stakeholder {id: r.source})
WITH a, r
MATCH (g:CustomerGroup {id: r.target_group})
CREATE (a)-[:TOUCHPOINT {id: r.id, vehicle: r.vehicle, connection: r.connection,
                         cadence_days: CAST(r.cadence_days AS INT64),
                         last_contact: CAST(r.last_contact AS DATE),
                         strength: CAST(r.strength AS DOUBLE), direction: r.direction,
                         weight: CAST(r.weight AS DOUBLE)}]->(g);
