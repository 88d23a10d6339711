COPY Stakeholder FROM $rows;
