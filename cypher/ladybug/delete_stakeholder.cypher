// One stakeholder, with their touchpoints and membership.
MATCH (s:Stakeholder {id: $id})
DETACH DELETE s;
