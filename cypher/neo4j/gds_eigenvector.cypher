// Eigenvector centrality, unweighted: weighted, GDS divides each stakeholder's share by
// its weighted out-degree (a random walk), a different measure from NetworkX's weighted
// adjacency eigenvector; unweighted it is NetworkX's (eigenvector_centrality_numpy with
// weight=None), power iteration on A + I scaled to Euclidean norm 1.
CALL gds.eigenvector.stream($graph, {maxIterations: $max_iterations, tolerance: $tolerance})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score;
