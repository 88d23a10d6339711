// One new touchpoint from a stakeholder to a whole customer group.
MATCH (a:Stakeholder {id: $source}), (g:CustomerGroup {id: $target_group})
CREATE (a)-[:TOUCHPOINT {id: $id, vehicle: $vehicle, connection: $connection,
                         cadence_days: CAST($cadence_days AS INT64),
                         last_contact: CAST($last_contact AS DATE),
                         strength: CAST($strength AS DOUBLE), direction: $direction,
                         weight: CAST($weight AS DOUBLE)}]->(g);
