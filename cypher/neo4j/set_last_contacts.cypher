// Move touchpoints' last_contact on ($rows: id, last_contact) after a logged contact.
UNWIND $rows AS r
MATCH (:Stakeholder)-[t:TOUCHPOINT {id: r.id}]->()
SET t.last_contact = r.last_contact;
