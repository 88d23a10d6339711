// One logged contact (the log only grows).
CREATE (c:Contact {id: $id, touchpoint: $touchpoint, date: CAST($date AS DATE),
                   vehicle: CAST($vehicle AS STRING), note: $note,
                   logged_by: CAST($logged_by AS STRING),
                   logged_at: CAST($logged_at AS TIMESTAMP_TZ)});
