// Communities: Leiden on the undirected TIE graph over weights, modularity with
// resolution $resolution (gamma), seeded.
CALL gds.leiden.stream($graph, {relationshipWeightProperty: 'weight', gamma: $resolution,
                                randomSeed: $seed, includeIntermediateCommunities: false})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).id AS id, communityId AS community;
