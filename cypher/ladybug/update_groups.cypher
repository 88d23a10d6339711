// Casts: a batch where a column is all null arrives untyped.
UNWIND $rows AS r
MATCH (g:CustomerGroup {id: r.id})
SET g.name = r.name,
    g.desired_cadence_days = CAST(r.desired_cadence_days AS INT64),
    g.desired_connection = CAST(r.desired_connection AS STRING),
    g.desired_links = CAST(r.desired_links AS STRING[]);
