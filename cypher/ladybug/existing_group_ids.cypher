// Which of the group ids ($ids) are stored (primary-key lookups).
UNWIND $ids AS i
MATCH (g:CustomerGroup {id: i})
RETURN g.id AS id;
