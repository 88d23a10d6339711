// Rows written by the adapter to a private Parquet file first: COPY from a Python
// Arrow object keeps ~18 MB inside Ladybug 0.22 until the database closes.
COPY CustomerGroup FROM '{file}';
