// The touchpoints that go when one stakeholder is deleted.
MATCH (:Stakeholder {id: $id})-[t:TOUCHPOINT]-()
RETURN DISTINCT t.id AS id;
