import { existsSync, readFileSync } from "node:fs";
import type { Plan } from "./explain";
import type { LedgerCheck } from "./seed-state";
import type { SeedInfo } from "./seed";

/** The figures of one run, as written to bench/results/<date>.json, and their printed forms. */

export interface ScenarioResult {
  key: string;
  title: string;
  kind: "floor" | "read" | "write";
  rps: number;
  latencyMs: { avg: number; p50: number; p90: number; p99: number; max: number };
  requests: number;
  failed: number;
  errors: number;
  firstFailure: string | null;
  /** Statements of one request sent alone (exact). */
  sqlPerRequest: number | null;
  /** Statements counted during the load divided by the responses (approximate: requests in flight at the edges). */
  sqlPerRequestUnderLoad: number | null;
  /** rps / the portal's anonymous `{ __typename }` rps. */
  ratioToTypename: number | null;
  /** The machine's 1-minute load average when the scenario started: how busy it was with other work too. */
  loadAverage: number;
  /** The server process's peak RSS so far, read after the scenario (it only grows). */
  serverPeakRssMb: number;
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface Results {
  date: string;
  mode: "full" | "smoke";
  settings: { connections: number; durationS: number; warmupS: number };
  machine: { cpus: string; cores: number; memoryGb: number; node: string; database: string; innodbBufferPoolMb: number };
  seed: { reused: boolean; seconds: number; info: SeedInfo };
  scenarios: ScenarioResult[];
  sqlCounts: { sitesPage5: number; sitesPage50: number };
  allocation: {
    committed: number;
    okResponses: number;
    poolBefore: number;
    poolAfter: number;
    sitesBefore: number;
    sitesAfter: number;
    /** pool + sites is the same before and after, and the pool fell by exactly the credits committed. */
    noCreditLost: boolean;
    ledger: LedgerCheck;
  };
  billing: {
    month: string;
    seconds: number;
    sites: number;
    sitesCharged: number;
    creditsCharged: number;
    sitesSuspended: number;
    statements: number;
    chargeRows: number;
    warningEmails: number;
    /** Every site due was charged once or suspended. */
    complete: boolean;
  };
  memory: { portalPeakRssMb: number; barePeakRssMb: number };
  ledger: LedgerCheck;
  targets: Target[];
  failures: string[];
  plans: Plan[];
}

const fixed = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const percent = (ratio: number | null) => (ratio === null ? "–" : `${Math.round(ratio * 100)}%`);

function scenarioRows(results: Results): string[][] {
  return results.scenarios.map((s) => [
    s.title,
    fixed(s.rps),
    fixed(s.latencyMs.p50, 1),
    fixed(s.latencyMs.p99, 1),
    s.sqlPerRequest === null ? "–" : String(s.sqlPerRequest),
    s.sqlPerRequestUnderLoad === null ? "–" : fixed(s.sqlPerRequestUnderLoad, 1),
    percent(s.ratioToTypename),
    String(s.failed + s.errors),
    fixed(s.serverPeakRssMb),
    fixed(s.loadAverage, 2),
  ]);
}

const scenarioHeader = ["scenario", "req/s", "p50 ms", "p99 ms", "SQL/req", "SQL/req under load", "vs { __typename }", "failed", "peak RSS MB", "load avg"];

export function printTable(results: Results, print: (line: string) => void): void {
  const table = [scenarioHeader, ...scenarioRows(results)];
  const widths = scenarioHeader.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const [index, row] of table.entries()) {
    print(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
    if (index === 0) print(widths.map((w) => "-".repeat(w)).join("  "));
  }
  const b = results.billing;
  print("");
  print(`billing run ${b.month} over ${fixed(b.sites)} sites: ${fixed(b.seconds, 1)} s (${fixed(b.sitesCharged)} charged, ${fixed(b.sitesSuspended)} suspended, ${fixed(b.statements)} SQL statements, ${fixed(b.warningEmails)} warning emails)`);
  print(`server peak memory (RSS): ${fixed(results.memory.portalPeakRssMb)} MB   ·   bare http server: ${fixed(results.memory.barePeakRssMb)} MB`);
  print(`SQL statements for a sites page of 5 / 50: ${results.sqlCounts.sitesPage5} / ${results.sqlCounts.sitesPage50}`);
  print(`allocateCredits: ${fixed(results.allocation.committed)} committed, no credit lost: ${results.allocation.noCreditLost ? "yes" : "NO"}`);
  print("");
  for (const t of results.targets) print(`${t.met ? "met   " : "MISSED"}  ${t.name}: ${t.measured} (target ${t.target})`);
}

function markdownTable(header: string[], body: string[][], align: Array<"l" | "r"> = []): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), `|${header.map((_, i) => (align[i] === "r" ? "---:" : "---")).join("|")}|`, ...body.map(line)].join("\n");
}

function planTable(plan: Plan): string {
  if (!plan.rows.length) return "(no plan rows)";
  const columns = Object.keys(plan.rows[0]);
  return markdownTable(columns, plan.rows.map((row) => columns.map((c) => (row[c] === null || row[c] === undefined ? "" : String(row[c])))));
}

/** docs/benchmarks.md: the figures of the run, the targets, the query plans and the analysis kept in bench/analysis.md. */
export function markdown(results: Results, analysisFile: string): string {
  const m = results.machine;
  const s = results.seed.info;
  const a = results.allocation;
  const b = results.billing;
  const typename = results.scenarios.find((x) => x.key === "typename")!;
  const loads = results.scenarios.map((x) => x.loadAverage);
  const out: string[] = [];
  out.push("# Benchmarks");
  out.push("");
  out.push(
    `Generated by \`npm run bench\` on ${results.date} (results in \`bench/results/${results.date.slice(0, 10)}.json\`). ` +
      "Run it again after a change that may touch speed and compare; see [How to run it](#how-to-run-it).",
  );
  out.push("");
  out.push(
    `Machine: ${m.cores} × ${m.cpus}, ${m.memoryGb} GB; Node ${m.node}; ${m.database} (InnoDB buffer pool ${m.innodbBufferPoolMb} MB). ` +
      `Load: autocannon, ${results.settings.connections} connections, ${results.settings.durationS} s per scenario after ${results.settings.warmupS} s of warm-up, ` +
      "in the bench's process; the server under load is a child process (`bench/server.ts`) that wires the portal as `server/index.ts` does " +
      "(createServices + createApp, NODE_ENV=production, its own DataSource with the pool of 10), without the mail worker and the billing scheduler.",
  );
  out.push("");
  out.push(
    `**Noise.** The machine's 1-minute load average ranged from ${fixed(Math.min(...loads), 2)} to ${fixed(Math.max(...loads), 2)} during the scenarios ` +
      `(2 cores; the load generator, the server and the database already share them). Other engineers' tests ran at the same time, so these figures are noisy; ` +
      "compare runs on a quiet machine before drawing fine conclusions.",
  );
  out.push("");
  out.push("## Data set");
  out.push("");
  out.push(
    `${fixed(s.counts.partners)} partners, ${fixed(s.counts.sites)} sites (one partner with ${fixed(s.size.bigPartnerSites)}), ${fixed(s.counts.ledgerRows)} ledger rows over the 24 months before ${s.unbilledMonth}, ` +
      `${fixed(s.counts.admins)} admins, ${fixed(s.counts.siteAdministrators)} site administrators. ` +
      (results.seed.reused ? `Reused from the seed of ${s.seededAt} (made in ${fixed(s.seconds)} s).` : `Seeded in this run in ${fixed(results.seed.seconds)} s.`) +
      ` Every balance equals its ledger sum (checked after seeding and again after the run: ${results.ledger.sitesOff} sites and ${results.ledger.poolsOff} pools off).`,
  );
  out.push("");
  out.push("## Results");
  out.push("");
  out.push(markdownTable(scenarioHeader, scenarioRows(results), ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r"]));
  out.push("");
  out.push(
    "`SQL/req` counts the statements of one request sent alone (the DataSource's TypeORM logger sees every statement, transactions included); " +
      "`under load` divides the statements counted during the run by the responses. `vs { __typename }` is the throughput as a share of the portal's anonymous " +
      `\`{ __typename }\` (${fixed(typename.rps)} req/s), the floor of the stack.`,
  );
  out.push("");
  out.push(
    `- **allocateCredits**: ${fixed(a.committed)} allocations of 1 credit committed to random sites of the large partner (${fixed(a.okResponses)} answered inside the window). ` +
      `Pool ${fixed(a.poolBefore)} → ${fixed(a.poolAfter)}, its sites ${fixed(a.sitesBefore)} → ${fixed(a.sitesAfter)}: ` +
      (a.noCreditLost ? "no credit lost or made, and every balance equals its ledger sum." : "**credits were lost or made**."),
  );
  out.push(
    `- **Monthly billing** of ${b.month} (\`services.billing.run\`) over ${fixed(b.sites)} sites: **${fixed(b.seconds, 1)} s**, ${fixed(b.sitesCharged)} charged ` +
      `(${fixed(b.creditsCharged)} credits), ${fixed(b.sitesSuspended)} suspended, ${fixed(b.statements)} SQL statements, ${fixed(b.warningEmails)} low-credit emails queued.`,
  );
  out.push(`- **Server peak memory** (RSS high-water mark of the portal process over the whole run): **${fixed(results.memory.portalPeakRssMb)} MB** (the bare http server: ${fixed(results.memory.barePeakRssMb)} MB).`);
  out.push(`- **SQL statements for a sites page** of 5 sites: ${results.sqlCounts.sitesPage5}; of 50 sites: ${results.sqlCounts.sitesPage50}.`);
  out.push("");
  out.push("## Targets");
  out.push("");
  out.push(markdownTable(["target", "wanted", "measured", ""], results.targets.map((t) => [t.name, t.target, t.measured, t.met ? "met" : "**missed**"])));
  out.push("");
  if (results.failures.length) {
    out.push("## Failures in this run");
    out.push("");
    for (const f of results.failures) out.push(`- ${f}`);
    out.push("");
  }
  if (existsSync(analysisFile)) {
    out.push(readFileSync(analysisFile, "utf8").trim());
    out.push("");
  }
  out.push("## Query plans");
  out.push("");
  out.push(
    "The statements each heavy operation really sent (captured from the server with their parameters), and the plan the database chose. " +
      "On MariaDB this is `ANALYZE`, which runs the statement: `rows` is the estimate, `r_rows` what was really read. " +
      "The billing batch select is analysed without its `FOR UPDATE` (ANALYZE runs the statement; it must not lock rows).",
  );
  out.push("");
  for (const plan of results.plans) {
    out.push(`### ${plan.label}`);
    out.push("");
    out.push("```sql");
    out.push(plan.sql);
    out.push("```");
    out.push("");
    out.push(planTable(plan));
    out.push("");
  }
  out.push("## How to run it");
  out.push("");
  out.push("```sh");
  out.push("DATABASE_URL=mysql://root@127.0.0.1:3306/portal_bench npm run bench               # full: seeds once (< 3 min), then 5-8 min a run");
  out.push("DATABASE_URL=mysql://root@127.0.0.1:3306/portal_bench_smoke npm run bench -- --smoke   # tiny data, ~1 s per scenario, < 1 min (CI)");
  out.push("npm run bench -- --duration=20 --warmup=2 --connections=10 --reseed               # options");
  out.push("npm run bench -- --profile && node dist/bench/profile-summary.js dist/bench-profiles/sitesPage.cpuprofile");
  out.push("node dist/bench/render-docs.js bench/results/<date>.json                         # this page again, e.g. after editing bench/analysis.md");
  out.push("```");
  out.push("");
  out.push(
    "The bench needs its own MySQL/MariaDB database (it creates it when missing, and refuses one that holds tables it did not make); it refuses the embedded SQLite database. " +
      "The seed is kept in that database and reused while its version and size match (`bench_seed` marks it); what a run changes (allocations, the billing run, mail, audit rows) " +
      "is put back at the start of the next run. `--smoke` exits non-zero on any failed request, lost credit or broken balance.",
  );
  out.push("");
  return out.join("\n");
}
