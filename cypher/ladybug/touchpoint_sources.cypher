// Every touchpoint's id and source: the adapter's index for finding a tie by id.
MATCH (a:Stakeholder)-[t:TOUCHPOINT]->()
RETURN t.id AS id, a.id AS source;
