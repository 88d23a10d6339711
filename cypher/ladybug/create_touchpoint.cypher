// One new touchpoint between two stored stakeholders.
MATCH (a:Stakeholder {id: $source}), (b:Stakeholder {id: $target})
CREATE (a)-[:TOUCHPOINT {id: $id, vehicle: $vehicle, connection: $connection,
                         cadence_days: CAST($cadence_days AS INT64),
                         last_contact: CAST($last_contact AS DATE),
                         strength: CAST($strength AS DOUBLE), direction: $direction,
                         weight: CAST($weight AS DOUBLE)}]->(b);
