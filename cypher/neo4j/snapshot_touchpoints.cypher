// Every touchpoint: to a stakeholder (target) or to a customer group (target_group).
MATCH (a:Stakeholder)-[t:TOUCHPOINT]->(b)
RETURN t.id AS id, a.id AS source,
       CASE WHEN b:Stakeholder THEN b.id END AS target,
       CASE WHEN b:CustomerGroup THEN b.id END AS target_group,
       t.vehicle AS vehicle, t.connection AS connection, t.cadence_days AS cadence_days,
       t.last_contact AS last_contact, t.strength AS strength, t.direction AS direction
ORDER BY id;
