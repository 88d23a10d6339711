// Whether Graph Data Science is installed, and which version (graphkit.store.gds): an
// unknown function gds.version means the plugin is missing.
RETURN gds.version() AS version;
