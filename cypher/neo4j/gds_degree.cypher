// Distinct neighbours per stakeholder: relationships of the undirected TIE graph (ties
// are folded per pair, so one per neighbour).
CALL gds.degree.stream($graph)
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score;
