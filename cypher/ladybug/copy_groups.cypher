COPY CustomerGroup FROM $rows;
