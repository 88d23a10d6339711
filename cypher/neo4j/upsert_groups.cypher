// Every property is set, so a null clears a stored value (Neo4j keeps no null properties).
UNWIND $rows AS r
MERGE (g:CustomerGroup {id: r.id})
SET g.name = r.name,
    g.desired_cadence_days = r.desired_cadence_days,
    g.desired_connection = r.desired_connection,
    g.desired_links = coalesce(r.desired_links, []);
