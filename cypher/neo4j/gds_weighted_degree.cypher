// Σ weight (touches a month) of a stakeholder's ties, on the undirected TIE graph.
CALL gds.degree.stream($graph, {relationshipWeightProperty: 'weight'})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score;
