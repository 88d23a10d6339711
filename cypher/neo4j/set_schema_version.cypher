// Record the version of graphkit's data model this database now holds.
MERGE (v:GraphkitSchema {id: 'graphkit'})
SET v.version = $version;
