// A Parquet file of: from (stakeholder id), to (group id).
COPY MEMBER_OF FROM '{file}';
