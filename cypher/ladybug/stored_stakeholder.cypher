// One stored stakeholder by key ($id): a change compares with it and sets only what differs.
MATCH (s:Stakeholder {id: $id})
RETURN s;
