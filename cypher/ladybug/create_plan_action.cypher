// What the PMO decided about one plan action.
CREATE (p:PlanAction {id: $id, status: $status, snoozed_until: CAST($snoozed_until AS DATE),
                      note: $note, updated_by: CAST($updated_by AS STRING),
                      updated_at: CAST($updated_at AS TIMESTAMP_TZ)});
