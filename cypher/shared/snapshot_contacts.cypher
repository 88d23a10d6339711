MATCH (c:Contact)
RETURN c.id AS id, c.touchpoint AS touchpoint, c.date AS date, c.vehicle AS vehicle,
       c.note AS note, c.logged_by AS logged_by, c.logged_at AS logged_at
ORDER BY id;
