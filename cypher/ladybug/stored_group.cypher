// One stored customer group by key ($id): a change sets only what differs.
MATCH (g:CustomerGroup {id: $id})
RETURN g;
