// Logged contacts (the log only grows).
UNWIND $rows AS r
CREATE (:Contact {id: r.id, touchpoint: r.touchpoint, date: r.date, vehicle: r.vehicle,
                  note: r.note, logged_by: r.logged_by, logged_at: r.logged_at});
