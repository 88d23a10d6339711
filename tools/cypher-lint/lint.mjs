#!/usr/bin/env node
// Check graphkit's Neo4j Cypher with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support, lintCypherQuery).
//
//   node tools/cypher-lint/lint.mjs               every statement of cypher/neo4j/*.cypher and
//                                                 cypher/shared/*.cypher (what Neo4j runs)
//   node tools/cypher-lint/lint.mjs PATH...       these .cypher files (or folders of them)
//   node tools/cypher-lint/lint.mjs --stdin       statements read from standard input
//
// Files are split into statements exactly as graphkit/store/cypher.py does: lines starting
// with // are dropped, a statement ends with ';' at the end of a line.
//
// Exit status 1, with "file:line:column: severity: message" for each, when any statement
// has an error-severity diagnostic (syntax error, semantic error, unknown function or
// procedure, undeclared parameter) or names a label / relationship type outside the
// graphkit schema. Other warnings (deprecations, performance hints) are printed only.
// Exit status 2 when the check itself cannot run.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's ESM build uses extension-less imports Node cannot resolve: load the CJS one.
const require = createRequire(import.meta.url);
const { lintCypherQuery, testData } = require('@neo4j-cypher/language-support');

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
// Neo4j runs its own statements and the shared ones (graphkit/store/cypher.py).
const DEFAULT_DIRS = [join(REPO, 'cypher', 'neo4j'), join(REPO, 'cypher', 'shared')];

// --- the database schema the statements are checked against -----------------------------

// graphkit's graph on Neo4j (DESIGN.md section 1, graphkit/model.py).
const LABELS = ['Stakeholder', 'Influencer', 'CustomerGroup', 'Contact', 'PlanAction',
  'GraphkitSchema'];
const RELATIONSHIP_TYPES = ['TOUCHPOINT', 'MEMBER_OF'];
const PROPERTY_KEYS = [
  // Stakeholder
  'id', 'name', 'group', 'source', 'organisation', 'role', 'internal', 'is_pmo',
  'influencer', 'influence', 'interest', 'stance', 'attributes',
  // CustomerGroup
  'desired_cadence_days', 'desired_connection', 'desired_links',
  // TOUCHPOINT
  'vehicle', 'connection', 'cadence_days', 'last_contact', 'strength', 'direction', 'weight',
  // Contact
  'touchpoint', 'date', 'note', 'logged_by', 'logged_at',
  // PlanAction
  'status', 'snoozed_until', 'updated_by', 'updated_at',
  // GraphkitSchema
  'version',
];
// The only parameters the adapters pass (graphkit/store/neo4j.py, graphkit/store/gds.py):
// batches of rows or ids, one id, the schema version and the month's days of the weight;
// for Graph Data Science a projected graph's name and the algorithms' settings.
const PARAMETERS = {
  rows: [], ids: [], id: '', version: 0, month_days: 0.0,
  graph: '', directed: false, damping_factor: 0.0, max_iterations: 0, tolerance: 0.0,
  seed: 0, resolution: 0.0,
};
// Graph Data Science (a plugin) may only be called from gds_*.cypher: the store's own
// statements must run on a Neo4j without it.
const GDS_FILE = /^gds_[^/\\]*\.cypher$/;

// Neo4j 5's built-in functions and procedures. The package ships the function and
// procedure listing of a real Neo4j 5 server (with APOC and GDS installed) as `testData`;
// keep only what every Neo4j 5 has: built-in functions, db./dbms./tx. procedures — and,
// with `gds`, Graph Data Science's functions and procedures too.
function builtIns(gds = false) {
  const schema = testData?.mockSchema;
  const functions = {};
  const procedures = {};
  for (const version of ['CYPHER 5', 'CYPHER 25']) {
    functions[version] = Object.fromEntries(
      Object.entries(schema?.functions?.[version] ?? {}).filter(
        ([name, fn]) => fn.isBuiltIn || (gds && name.startsWith('gds.')),
      ),
    );
    procedures[version] = Object.fromEntries(
      Object.entries(schema?.procedures?.[version] ?? {}).filter(([name]) =>
        (gds ? /^(db|dbms|tx|gds)\./ : /^(db|dbms|tx)\./).test(name),
      ),
    );
  }
  const known = functions['CYPHER 5'];
  const expected = ['count', 'coalesce', 'date', 'toString', 'collect', 'size'];
  const missing = expected.filter((name) => !known[name]);
  if (Object.keys(known).length < 100 || missing.length) {
    throw new Error(
      'the installed @neo4j-cypher/language-support no longer ships the Neo4j 5 function ' +
        `list this check relies on (missing: ${missing.join(', ') || 'most functions'})`,
    );
  }
  if (gds && !(functions['CYPHER 5']['gds.graph.project'] && procedures['CYPHER 5']['gds.graph.drop'])) {
    throw new Error('the installed @neo4j-cypher/language-support no longer ships the Graph ' +
      'Data Science listing this check relies on (gds.graph.project, gds.graph.drop)');
  }
  return { functions, procedures };
}

const DB_SCHEMA = {
  labels: LABELS,
  relationshipTypes: RELATIONSHIP_TYPES,
  propertyKeys: PROPERTY_KEYS,
  parameters: PARAMETERS,
  defaultLanguage: 'CYPHER 5',
  ...builtIns(),
};
const GDS_SCHEMA = { ...DB_SCHEMA, ...builtIns(true) };

// --- statements ----------------------------------------------------------------------------

/** Split like graphkit/store/cypher.py, keeping each statement's first line number. */
export function splitStatements(text) {
  const lines = text.split(/\r?\n/).map((line) => (line.trimStart().startsWith('//') ? '' : line));
  const joined = lines.join('\n');
  const found = [];
  let start = 0;
  const pieces = joined.split(';\n');
  for (const piece of pieces) {
    const lineOffset = joined.slice(0, start).split('\n').length - 1;
    start += piece.length + 2;
    const stripped = piece.replace(/;\s*$/, '');
    if (!stripped.trim()) continue;
    const leading = stripped.length - stripped.trimStart().length;
    const leadLines = stripped.slice(0, leading).split('\n').length - 1;
    found.push({ text: stripped.trim(), line: lineOffset + leadLines + 1 });
  }
  return found;
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const NOT_IN_SCHEMA = /is not present in the database/;

function fails(diagnostic) {
  // Unknown functions/procedures are errors already; unknown labels and relationship
  // types come as warnings, but in our own statements they can only be typos.
  return diagnostic.severity === 1 || NOT_IN_SCHEMA.test(diagnostic.message);
}

function lintText(name, text, schema = DB_SCHEMA) {
  const statements = splitStatements(text);
  let failed = 0;
  if (!statements.length) {
    console.log(`${name}: error: no statement`);
    return 1;
  }
  for (const statement of statements) {
    let diagnostics;
    try {
      diagnostics = lintCypherQuery(statement.text, schema);
    } catch (error) {
      console.log(`${name}:${statement.line}:1: error: the linter failed: ${error}`);
      failed += 1;
      continue;
    }
    const statementCount = splitByParser(statement.text);
    if (statementCount > 1) {
      console.log(`${name}:${statement.line}:1: error: ${statementCount} statements where ` +
        "one is expected (end each statement with ';' at the end of its line)");
      failed += 1;
    }
    for (const d of diagnostics) {
      const line = statement.line + d.range.start.line;
      const column = d.range.start.character + 1;
      const severity = fails(d) ? 'error' : SEVERITY[d.severity] ?? 'warning';
      console.log(`${name}:${line}:${column}: ${severity}: ${d.message.split('\n')[0]}`);
      if (fails(d)) failed += 1;
    }
  }
  return failed;
}

function splitByParser(text) {
  // lintCypherQuery lints every statement of a text; a ';' in the middle of a line would
  // make two statements that graphkit's loader sends as one.
  const { parseStatementsStrs } = require('@neo4j-cypher/language-support');
  try {
    return parseStatementsStrs(text).filter((s) => s.trim()).length;
  } catch {
    return 1;
  }
}

function cypherFiles(path) {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((entry) => entry.endsWith('.cypher'))
      .sort()
      .map((entry) => join(path, entry));
  }
  return [path];
}

function main(argv) {
  let failed = 0;
  let checked = 0;
  if (argv.includes('--stdin')) {
    failed += lintText('<stdin>', readFileSync(0, 'utf8'));
    checked += 1;
  } else {
    const targets = argv.length ? argv.map((p) => resolve(p)) : DEFAULT_DIRS;
    const files = targets.flatMap(cypherFiles);
    if (!files.length) {
      console.error(`no .cypher files under ${targets.join(', ')}`);
      return 2;
    }
    for (const file of files) {
      const schema = GDS_FILE.test(basename(file)) ? GDS_SCHEMA : DB_SCHEMA;
      failed += lintText(relative(process.cwd(), file) || file, readFileSync(file, 'utf8'),
        schema);
      checked += 1;
    }
  }
  if (failed) {
    console.log(`cypher-lint: ${failed} problem(s) in ${checked} file(s)`);
    return 1;
  }
  console.log(`cypher-lint: ${checked} file(s) clean`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`cypher-lint: cannot run: ${error.message ?? error}`);
  process.exitCode = 2;
}
