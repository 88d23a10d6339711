// Tables of the PMO network on Ladybug (one label per node: influencers are flagged by
// field). A touchpoint goes to a stakeholder (a personal tie) or to a whole customer group
// (a broadcast): one relationship table with two pairs. A store made before group
// touchpoints, or before the stored weight (touches a month), is migrated by the adapter
// (graphkit/store/ladybug.py, _migrate).
CREATE NODE TABLE IF NOT EXISTS CustomerGroup(id STRING PRIMARY KEY, name STRING, desired_cadence_days INT64, desired_connection STRING, desired_links STRING[]);
CREATE NODE TABLE IF NOT EXISTS Stakeholder(id STRING PRIMARY KEY, name STRING, `group` STRING, source STRING, organisation STRING, role STRING, internal BOOLEAN, is_pmo BOOLEAN, influencer BOOLEAN, influence INT64, interest INT64, stance STRING, attributes STRING);
CREATE REL TABLE IF NOT EXISTS TOUCHPOINT(FROM Stakeholder TO Stakeholder, FROM Stakeholder TO CustomerGroup, id STRING, vehicle STRING, connection STRING, cadence_days INT64, last_contact DATE, strength DOUBLE, direction STRING, weight DOUBLE);
CREATE REL TABLE IF NOT EXISTS MEMBER_OF(FROM Stakeholder TO CustomerGroup);
CREATE NODE TABLE IF NOT EXISTS Contact(id STRING PRIMARY KEY, touchpoint STRING, date DATE, vehicle STRING, note STRING, logged_by STRING, logged_at TIMESTAMP_TZ);
CREATE NODE TABLE IF NOT EXISTS PlanAction(id STRING PRIMARY KEY, status STRING, snoozed_until DATE, note STRING, updated_by STRING, updated_at TIMESTAMP_TZ);
