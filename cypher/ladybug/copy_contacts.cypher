// Logged contacts, in the Contact table's column order (see copy_groups.cypher).
COPY Contact FROM '{file}';
