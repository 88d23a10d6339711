// $rows: from (stakeholder id), to (group id).
COPY MEMBER_OF FROM $rows;
