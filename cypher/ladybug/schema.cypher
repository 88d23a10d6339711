// Tables of the PMO network on Ladybug (one label per node: influencers are flagged by field).
CREATE NODE TABLE IF NOT EXISTS CustomerGroup(id STRING PRIMARY KEY, name STRING, desired_cadence_days INT64, desired_connection STRING, desired_links STRING[]);
CREATE NODE TABLE IF NOT EXISTS Stakeholder(id STRING PRIMARY KEY, name STRING, `group` STRING, source STRING, organisation STRING, role STRING, internal BOOLEAN, is_pmo BOOLEAN, influencer BOOLEAN, influence INT64, interest INT64, stance STRING, attributes STRING);
CREATE REL TABLE IF NOT EXISTS TOUCHPOINT(FROM Stakeholder TO Stakeholder, id STRING, vehicle STRING, connection STRING, cadence_days INT64, last_contact DATE, strength DOUBLE, direction STRING);
CREATE REL TABLE IF NOT EXISTS MEMBER_OF(FROM Stakeholder TO CustomerGroup);
