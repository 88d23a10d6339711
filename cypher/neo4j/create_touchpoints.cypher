// New touchpoints, and updated ones re-created (their ends may have changed).
// last_contact arrives as a driver date value and is stored as a Neo4j DATE.
UNWIND $rows AS r
MATCH (a:Stakeholder {id: r.source})
MATCH (b:Stakeholder {id: r.target})
CREATE (a)-[:TOUCHPOINT {id: r.id, vehicle: r.vehicle, connection: r.connection,
                         cadence_days: r.cadence_days, last_contact: r.last_contact,
                         strength: r.strength, direction: r.direction,
                         weight: r.weight}]->(b);
