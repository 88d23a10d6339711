// Weighted closeness and harmonic centrality need every shortest distance by distance
// (1 / weight); gds.closeness and gds.closeness.harmonic count steps only. All pairs
// shortest paths stream into a per-stakeholder aggregate on the server: for each
// stakeholder, how many others reach it, the sum of their distances to it and the sum
// of 1 / distance (incoming distances, as NetworkX defines both on a directed graph).
// Unreachable pairs come as Infinity and the pair (v, v) as 0: both are left out.
CALL gds.allShortestPaths.stream($graph, {relationshipWeightProperty: 'distance'})
YIELD sourceNodeId, targetNodeId, distance
WITH targetNodeId, distance
WHERE sourceNodeId <> targetNodeId AND gds.util.isFinite(distance)
WITH targetNodeId, count(*) AS reached, sum(distance) AS distance_sum,
     sum(1.0 / distance) AS harmonic
RETURN gds.util.asNode(targetNodeId).id AS id, reached, distance_sum, harmonic;
