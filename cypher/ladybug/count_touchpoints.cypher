MATCH ()-[t:TOUCHPOINT]->() RETURN count(t) AS n;
