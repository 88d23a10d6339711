// Unlabelled ends let Neo4j answer from its count store (TOUCHPOINT only joins stakeholders).
MATCH ()-[t:TOUCHPOINT]->() RETURN count(t) AS n;
