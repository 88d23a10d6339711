// The stored rows of the groups a change upserts or deletes ($ids), in snapshot columns.
UNWIND $ids AS i
MATCH (g:CustomerGroup {id: i})
RETURN g.id AS id, g.name AS name, g.desired_cadence_days AS desired_cadence_days,
       g.desired_connection AS desired_connection, g.desired_links AS desired_links;
