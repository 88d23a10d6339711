// Touchpoints with a whole group: from (stakeholder id), to (group id), then the
// touchpoint's properties in table order
// (weight last).
COPY TOUCHPOINT FROM '{file}' (from='Stakeholder', to='CustomerGroup');
