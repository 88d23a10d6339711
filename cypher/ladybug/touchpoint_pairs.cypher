// Which node tables the TOUCHPOINT relationship joins (a store made before group
// touchpoints has only Stakeholder -> Stakeholder).
CALL show_connection('TOUCHPOINT') RETURN *;
