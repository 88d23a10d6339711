// The stored rows of the touchpoints a change upserts, deletes or logs contacts of ($ids),
// in snapshot columns.
UNWIND $ids AS i
MATCH (a:Stakeholder)-[t:TOUCHPOINT {id: i}]->(b)
RETURN t.id AS id, a.id AS source,
       CASE WHEN b:Stakeholder THEN b.id END AS target,
       CASE WHEN b:CustomerGroup THEN b.id END AS target_group,
       t.vehicle AS vehicle, t.connection AS connection, t.cadence_days AS cadence_days,
       t.last_contact AS last_contact, t.strength AS strength, t.direction AS direction;
