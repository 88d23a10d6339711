// Every touchpoint: to a stakeholder (target) or to a customer group (target_group).
// Two statements, one per kind of end, whose rows the store puts together and sorts by id:
// a match on one label holds far less than one across both (at 10^6 touchpoints about
// 125 MB less), and the engine's ORDER BY would hold another copy of every row.
MATCH (a:Stakeholder)-[t:TOUCHPOINT]->(b:Stakeholder)
RETURN t.id AS id, a.id AS source, b.id AS target, CAST(NULL AS STRING) AS target_group,
       t.vehicle AS vehicle, t.connection AS connection, t.cadence_days AS cadence_days,
       t.last_contact AS last_contact, t.strength AS strength, t.direction AS direction;
MATCH (a:Stakeholder)-[t:TOUCHPOINT]->(g:CustomerGroup)
RETURN t.id AS id, a.id AS source, CAST(NULL AS STRING) AS target, g.id AS target_group,
       t.vehicle AS vehicle, t.connection AS connection, t.cadence_days AS cadence_days,
       t.last_contact AS last_contact, t.strength AS strength, t.direction AS direction;
