// One new stakeholder. Single writes use $parameters, not UNWIND: Ladybug 0.22 plans a key
// lookup driven by UNWIND that then follows ties as a scan (20-40 ms on 20,000 people).
CREATE (s:Stakeholder {id: $id, name: $name, `group`: CAST($group_id AS STRING),
                       source: $source, organisation: CAST($organisation AS STRING),
                       role: CAST($role AS STRING), internal: CAST($internal AS BOOLEAN),
                       is_pmo: CAST($is_pmo AS BOOLEAN),
                       influencer: CAST($influencer AS BOOLEAN),
                       influence: CAST($influence AS INT64),
                       interest: CAST($interest AS INT64), stance: $stance,
                       attributes: $attributes});
