// Unlabelled ends let Neo4j answer from its count store.
MATCH ()-[t:TOUCHPOINT]->() RETURN count(t) AS n;
