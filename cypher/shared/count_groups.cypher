MATCH (g:CustomerGroup) RETURN count(g) AS n;
