// The personal ties as one undirected GDS graph (Cypher projection, GDS 2.4+): every
// stakeholder is a node, isolated ones too; the touchpoints between two stakeholders fold
// per unordered pair into one TIE with weight = Σ touchpoint weight (touches a month) and
// distance = 1 / weight, as graphkit.network folds them (DESIGN.md section 3). A TIE is
// undirected, so GDS stores it both ways: one-way and two-way touchpoints alike.
// With $directed the weights are those of graphkit's undirected view of the directed
// network: a two-way touchpoint counts once per direction (Network.undirected_graph).
// Touchpoints with a whole group end at a CustomerGroup and are no personal ties.
MATCH (a:Stakeholder)
OPTIONAL MATCH (a)-[t:TOUCHPOINT]-(b:Stakeholder)
WHERE a.id < b.id
WITH a, b,
     sum(t.weight * CASE WHEN $directed AND coalesce(t.direction, 'both') <> 'out'
                         THEN 2.0 ELSE 1.0 END) AS weight
// A pair whose touchpoints all have strength 0 is no tie; its stakeholders stay nodes.
WITH a, CASE WHEN weight > 0 THEN b END AS b, weight
WITH gds.graph.project($graph, a, b,
       {relationshipType: 'TIE',
        relationshipProperties: {weight: weight,
                                 distance: CASE WHEN weight > 0 THEN 1.0 / weight
                                           ELSE 0.0 END}},
       {undirectedRelationshipTypes: ['TIE']}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships;
