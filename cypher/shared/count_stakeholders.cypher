MATCH (s:Stakeholder) RETURN count(s) AS n;
