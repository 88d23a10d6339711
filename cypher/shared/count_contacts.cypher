MATCH (c:Contact) RETURN count(c) AS n;
