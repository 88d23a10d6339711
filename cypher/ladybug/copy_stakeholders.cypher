// Rows written by the adapter to a private Parquet file first (see copy_groups).
COPY Stakeholder FROM '{file}';
