// Set the fields that changed. {assignments} is filled by the adapter from the schema's own
// field names only (`s.role = CAST($p0 AS STRING)`, …); every value is a parameter.
MATCH (s:Stakeholder {id: $id})
SET {assignments};
