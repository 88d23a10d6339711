// A Parquet file of: from, to (stakeholder ids), then the touchpoint's properties in
// table order (weight last).
COPY TOUCHPOINT FROM '{file}' (from='Stakeholder', to='Stakeholder');
