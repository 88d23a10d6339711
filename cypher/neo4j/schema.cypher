// Constraints and indexes of the PMO network on Neo4j 5; every statement is idempotent.
// A uniqueness constraint also gives the id lookup index that MERGE and MATCH {id: …} use.
CREATE CONSTRAINT stakeholder_id IF NOT EXISTS
FOR (s:Stakeholder) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT customer_group_id IF NOT EXISTS
FOR (g:CustomerGroup) REQUIRE g.id IS UNIQUE;
// Touchpoints are found by id (updates, deletions): a relationship property index.
CREATE INDEX touchpoint_id IF NOT EXISTS
FOR ()-[t:TOUCHPOINT]-() ON (t.id);
CREATE CONSTRAINT contact_id IF NOT EXISTS
FOR (c:Contact) REQUIRE c.id IS UNIQUE;
// A touchpoint's log is read (and deleted with it) by the touchpoint's id.
CREATE INDEX contact_touchpoint IF NOT EXISTS
FOR (c:Contact) ON (c.touchpoint);
CREATE CONSTRAINT plan_action_id IF NOT EXISTS
FOR (p:PlanAction) REQUIRE p.id IS UNIQUE;
