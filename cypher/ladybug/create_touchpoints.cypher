// Row by row, for the few touchpoints an update re-creates (new rows go in by COPY).
UNWIND $rows AS r
MATCH (a:Stakeholder {id: r.source}), (b:Stakeholder {id: r.target})
CREATE (a)-[:TOUCHPOINT {id: r.id, vehicle: r.vehicle, connection: r.connection,
                         cadence_days: CAST(r.cadence_days AS INT64),
                         last_contact: CAST(r.last_contact AS DATE),
                         strength: CAST(r.strength AS DOUBLE), direction: r.direction}]->(b);
