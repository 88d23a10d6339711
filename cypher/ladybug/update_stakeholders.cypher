// Casts: a batch where a column is all null arrives untyped.
UNWIND $rows AS r
MATCH (s:Stakeholder {id: r.id})
SET s.name = r.name, s.`group` = CAST(r.`group` AS STRING), s.source = r.source,
    s.organisation = CAST(r.organisation AS STRING), s.role = CAST(r.role AS STRING),
    s.internal = CAST(r.internal AS BOOLEAN), s.is_pmo = CAST(r.is_pmo AS BOOLEAN),
    s.influencer = CAST(r.influencer AS BOOLEAN), s.influence = CAST(r.influence AS INT64),
    s.interest = CAST(r.interest AS INT64), s.stance = r.stance, s.attributes = r.attributes;
