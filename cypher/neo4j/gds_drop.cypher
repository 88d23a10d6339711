// Free a projected graph (graphkit.store.gds drops every graph it made, in a finally).
CALL gds.graph.drop($graph, false)
YIELD graphName
RETURN graphName;
