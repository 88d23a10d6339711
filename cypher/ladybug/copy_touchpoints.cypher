// A Parquet file of: from, to, then the touchpoint's properties in table order.
COPY TOUCHPOINT FROM '{file}';
