// New customer groups, row by row. Casts: a value that is null arrives untyped.
UNWIND $rows AS r
CREATE (g:CustomerGroup {id: r.id, name: r.name,
                         desired_cadence_days: CAST(r.desired_cadence_days AS INT64),
                         desired_connection: CAST(r.desired_connection AS STRING),
                         desired_links: CAST(r.desired_links AS STRING[])});
