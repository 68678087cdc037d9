import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { markdown, type Results } from "./report";

/**
 * node dist/bench/render-docs.js bench/results/<date>.json
 * Writes docs/benchmarks.md again from a run's results (after bench/analysis.md changed), without running the bench.
 */
const root = join(__dirname, "..", "..");
const file = process.argv[2];
if (!file) {
  console.error("usage: node dist/bench/render-docs.js bench/results/<date>.json");
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, "utf8")) as Results;
writeFileSync(join(root, "docs", "benchmarks.md"), markdown(results, join(root, "bench", "analysis.md")));
console.log(`Wrote docs/benchmarks.md from ${file}`);
