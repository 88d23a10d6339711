// One customer group (it has no members: the adapter checked).
MATCH (g:CustomerGroup {id: $id})
DETACH DELETE g;
