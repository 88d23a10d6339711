// Migration to version 2: weight = strength × $month_days / cadence_days on every stored
// touchpoint that has none (graphkit.network.touches_a_month), in batches of 10,000 ties
// (an implicit transaction: CALL … IN TRANSACTIONS).
MATCH (:Stakeholder)-[t:TOUCHPOINT]->()
WHERE t.weight IS NULL
CALL {
  WITH t
  SET t.weight = toFloat(coalesce(t.strength, 1.0)) * $month_days
                 / toFloat(coalesce(t.cadence_days, 30))
} IN TRANSACTIONS OF 10000 ROWS;
