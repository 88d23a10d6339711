// The personal ties as a directed GDS graph (Cypher projection, GDS 2.4+), for
// `analyze --directed`: a two-way touchpoint (direction both, or none) gives an ARC each
// way, a one-way touchpoint (out) one ARC source → target; arcs fold per ordered pair,
// weight = Σ touchpoint weight, distance = 1 / weight (graphkit.network, directed).
// Every stakeholder is a node, isolated ones too.
MATCH (a:Stakeholder)
OPTIONAL MATCH (a)-[t:TOUCHPOINT]-(b:Stakeholder)
WHERE a <> b AND (startNode(t) = a OR coalesce(t.direction, 'both') <> 'out')
WITH a, b, sum(t.weight) AS weight
WITH a, CASE WHEN weight > 0 THEN b END AS b, weight
WITH gds.graph.project($graph, a, b,
       {relationshipType: 'ARC',
        relationshipProperties: {weight: weight,
                                 distance: CASE WHEN weight > 0 THEN 1.0 / weight
                                           ELSE 0.0 END}}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships;
