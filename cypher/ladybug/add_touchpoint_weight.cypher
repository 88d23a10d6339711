// Migration: the stored weight (touches a month) on every touchpoint; filled by
// set_touchpoint_weights.cypher in the same transaction.
ALTER TABLE TOUCHPOINT ADD weight DOUBLE;
