MATCH (s:Stakeholder)
RETURN s.id AS id, s.name AS name, s.`group` AS `group`, s.source AS source,
       s.organisation AS organisation, s.role AS role, s.internal AS internal,
       s.is_pmo AS is_pmo, s.influencer AS influencer, s.influence AS influence,
       s.interest AS interest, s.stance AS stance, s.attributes AS attributes
ORDER BY id;
