// Every property is set, so a null clears a stored value; the Influencer label follows
// the influencer field on every write (MATCH (i:Influencer) works for analysts).
UNWIND $rows AS r
MERGE (s:Stakeholder {id: r.id})
SET s.name = r.name, s.`group` = r.`group`, s.source = r.source,
    s.organisation = r.organisation, s.role = r.role, s.internal = r.internal,
    s.is_pmo = r.is_pmo, s.influencer = r.influencer, s.influence = r.influence,
    s.interest = r.interest, s.stance = r.stance, s.attributes = r.attributes
FOREACH (_ IN CASE WHEN r.influencer THEN [1] ELSE [] END | SET s:Influencer)
FOREACH (_ IN CASE WHEN r.influencer THEN [] ELSE [1] END | REMOVE s:Influencer);
