// Constraints and indexes of the PMO network on Neo4j 5; every statement is idempotent.
// A uniqueness constraint also gives the id lookup index that MERGE and MATCH {id: …} use.
CREATE CONSTRAINT stakeholder_id IF NOT EXISTS
FOR (s:Stakeholder) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT customer_group_id IF NOT EXISTS
FOR (g:CustomerGroup) REQUIRE g.id IS UNIQUE;
// Touchpoints are found by id (updates, deletions): a relationship property index.
CREATE INDEX touchpoint_id IF NOT EXISTS
FOR ()-[t:TOUCHPOINT]-() ON (t.id);
