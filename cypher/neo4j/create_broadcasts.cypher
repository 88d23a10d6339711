// New touchpoints with a whole customer group, and updated ones re-created.
UNWIND $rows AS r
MATCH (a:Stakeholder {id: r.source})
MATCH (g:CustomerGroup {id: r.target_group})
CREATE (a)-[:TOUCHPOINT {id: r.id, vehicle: r.vehicle, connection: r.connection,
                         cadence_days: r.cadence_days, last_contact: r.last_contact,
                         strength: r.strength, direction: r.direction,
                         weight: r.weight}]->(g);
