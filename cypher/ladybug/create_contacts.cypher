// Logged contacts in bulk (an import's log). Not COPY: rolling back a transaction that
// copied into Contact, after contacts were deleted, left Ladybug 0.22 crashing on the next
// read of the table in that process (found by tests/test_all_or_nothing.py). Logs are
// small beside the network; UNWIND … CREATE is safe.
UNWIND $rows AS r
CREATE (c:Contact {id: r.id, touchpoint: r.touchpoint, date: CAST(r.date AS DATE),
                   vehicle: CAST(r.vehicle AS STRING), note: r.note,
                   logged_by: CAST(r.logged_by AS STRING),
                   logged_at: CAST(r.logged_at AS TIMESTAMP_TZ)});
