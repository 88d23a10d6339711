UNWIND $ids AS i
MATCH (g:CustomerGroup {id: i})
DETACH DELETE g;
