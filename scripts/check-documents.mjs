#!/usr/bin/env node
// Part of `npm run check`: every GraphQL document typed with gql.tada (the web client's, and the
// test fixtures' of test/support/given.ts), validated against schema.graphql as the server
// would validate it (graphql-js's rules), fragments included.
// gql.tada types the documents' results, but an unknown field only becomes `unknown` there;
// this is what refuses it. (`gql.tada check` would, but needs a Svelte add-on that the
// registry here does not have.) Documents are the template literals of `graphql(…)` calls in
// client/src/**/*.ts and test/**/*.ts, written without `${…}`: fragments are spread and passed
// to graphql().
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, Kind, parse, specifiedRules, NoUnusedFragmentsRule, validate, visit } from "graphql";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const schema = buildSchema(readFileSync(join(root, "schema.graphql"), "utf8"));

/** Each `graphql(`…`)` literal of the client's and the tests' .ts files, with where it starts. */
function documents() {
  const found = [];
  const files = [join(root, "client", "src"), join(root, "test")]
    .flatMap((folder) => readdirSync(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bgraphql\(\s*`([^`]*)`/g)) {
      const line = text.slice(0, match.index).split("\n").length;
      found.push({ where: `${relative(root, file)}:${line}`, source: match[1] });
    }
  }
  return found;
}

const problems = [];
const fragments = new Map();
const parsed = [];
for (const { where, source } of documents()) {
  if (source.includes("${")) {
    problems.push(`${where}: a document is written whole; spread a fragment instead of interpolating \${…}`);
    continue;
  }
  try {
    const document = parse(source);
    parsed.push({ where, document });
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const name = definition.name.value;
      if (fragments.has(name)) problems.push(`${where}: fragment ${name} is also defined at ${fragments.get(name).where}`);
      else fragments.set(name, { where, definition });
    }
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}

/** The fragments a definition spreads, and those they spread, by name. */
function spreadFrom(node, names = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (names.has(name)) return;
      names.add(name);
      const fragment = fragments.get(name);
      if (fragment) spreadFrom(fragment.definition, names);
    },
  });
  return names;
}

for (const { where, document } of parsed) {
  const own = new Set(document.definitions.map((definition) => definition.name?.value));
  const used = [...spreadFrom(document)].filter((name) => !own.has(name) && fragments.has(name));
  // What gql.tada sends: the document with the definitions of the fragments it uses.
  const whole = { ...document, definitions: [...document.definitions, ...used.map((name) => fragments.get(name).definition)] };
  const fragmentOnly = document.definitions.every((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const rules = fragmentOnly ? specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule) : specifiedRules;
  for (const error of validate(schema, whole, rules)) problems.push(`${where}: ${error.message}`);
}

if (problems.length > 0) {
  console.error(`GraphQL documents that do not match schema.graphql:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log(`${parsed.length} GraphQL documents match schema.graphql`);
