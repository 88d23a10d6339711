// PageRank over weights (touches a month). GDS's scores are unscaled and a stakeholder
// without outgoing ties passes nothing on; graphkit.store.gds scales them to sum 1, which
// is NetworkX's PageRank (dangling mass spread evenly) exactly.
CALL gds.pageRank.stream($graph, {relationshipWeightProperty: 'weight',
                                  dampingFactor: $damping_factor,
                                  maxIterations: $max_iterations, tolerance: $tolerance})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score;
