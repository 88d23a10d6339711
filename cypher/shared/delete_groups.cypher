// The plan refused the change if a group to delete still had members.
UNWIND $ids AS i
MATCH (g:CustomerGroup {id: i})
DETACH DELETE g;
