// Stored touchpoints of the stakeholders to be deleted ($ids), to a person or a group:
// they go with them.
UNWIND $ids AS i
MATCH (:Stakeholder {id: i})-[t:TOUCHPOINT]-()
RETURN DISTINCT t.id AS id;
