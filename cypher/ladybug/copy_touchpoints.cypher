// $rows: from, to, then the touchpoint's properties in table order.
COPY TOUCHPOINT FROM $rows;
