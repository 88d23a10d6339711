MATCH (a:Stakeholder)-[t:TOUCHPOINT]->(b:Stakeholder)
RETURN t.id AS id, a.id AS source, b.id AS target, t.vehicle AS vehicle,
       t.connection AS connection, t.cadence_days AS cadence_days,
       t.last_contact AS last_contact, t.strength AS strength, t.direction AS direction
ORDER BY id;
