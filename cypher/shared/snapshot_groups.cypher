MATCH (g:CustomerGroup)
RETURN g.id AS id, g.name AS name, g.desired_cadence_days AS desired_cadence_days,
       g.desired_connection AS desired_connection, g.desired_links AS desired_links
ORDER BY id;
