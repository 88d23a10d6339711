// Migration: weight = strength × $month_days / cadence_days on every stored touchpoint
// (graphkit.network.touches_a_month; $month_days is its MONTH_DAYS).
MATCH (:Stakeholder)-[t:TOUCHPOINT]->()
SET t.weight = CAST(t.strength AS DOUBLE) * $month_days / CAST(t.cadence_days AS DOUBLE);
