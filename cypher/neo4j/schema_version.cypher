// The version of graphkit's data model this database holds (none: before version 2).
OPTIONAL MATCH (v:GraphkitSchema {id: 'graphkit'})
RETURN v.version AS version;
