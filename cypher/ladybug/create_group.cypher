// One new customer group (see create_stakeholder.cypher for why single writes use $params).
CREATE (g:CustomerGroup {id: $id, name: $name,
                         desired_cadence_days: CAST($desired_cadence_days AS INT64),
                         desired_connection: CAST($desired_connection AS STRING),
                         desired_links: CAST($desired_links AS STRING[])});
