// Which of the group ids a change refers to ($ids) are stored.
UNWIND $ids AS i
MATCH (g:CustomerGroup {id: i})
RETURN g.id AS id;
