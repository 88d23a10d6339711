// New stakeholders, row by row (a form, an API call, a small import). Casts: a value that
// is null arrives untyped.
UNWIND $rows AS r
CREATE (s:Stakeholder {id: r.id, name: r.name, `group`: CAST(r.`group` AS STRING),
                       source: r.source, organisation: CAST(r.organisation AS STRING),
                       role: CAST(r.role AS STRING), internal: CAST(r.internal AS BOOLEAN),
                       is_pmo: CAST(r.is_pmo AS BOOLEAN),
                       influencer: CAST(r.influencer AS BOOLEAN),
                       influence: CAST(r.influence AS INT64),
                       interest: CAST(r.interest AS INT64), stance: r.stance,
                       attributes: r.attributes});
