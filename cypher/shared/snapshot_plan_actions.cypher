MATCH (p:PlanAction)
RETURN p.id AS id, p.status AS status, p.snoozed_until AS snoozed_until, p.note AS note,
       p.updated_by AS updated_by, p.updated_at AS updated_at
ORDER BY id;
