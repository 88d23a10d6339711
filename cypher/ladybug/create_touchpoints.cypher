// Touchpoints in bulk (an import's updated ties). The two key lookups are chained with
// WITH: written as one MATCH, Ladybug 0.22 scans every stakeholder for each row.
UNWIND $rows AS r
MATCH (a:Stakeholder {id: r.source})
WITH a, r
MATCH (b:Stakeholder {id: r.target})
CREATE (a)-[:TOUCHPOINT {id: r.id, vehicle: r.vehicle, connection: r.connection,
                         cadence_days: CAST(r.cadence_days AS INT64),
                         last_contact: CAST(r.last_contact AS DATE),
                         strength: CAST(r.strength AS DOUBLE), direction: r.direction,
                         weight: CAST(r.weight AS DOUBLE)}]->(b);
