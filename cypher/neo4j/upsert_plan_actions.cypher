// What the PMO decided about plan actions; every property is set (a null clears one).
UNWIND $rows AS r
MERGE (p:PlanAction {id: r.id})
SET p.status = r.status, p.snoozed_until = r.snoozed_until, p.note = r.note,
    p.updated_by = r.updated_by, p.updated_at = r.updated_at;
