// Betweenness over shortest paths by distance (1 / weight), exact (every source). GDS
// returns it unnormalized, halved on an undirected graph: graphkit.store.gds scales it
// to networkx.betweenness_centrality(normalized=True).
CALL gds.betweenness.stream($graph, {relationshipWeightProperty: 'distance'})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score;
