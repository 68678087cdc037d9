import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type mysql from "mysql2/promise";
import { openDatabase } from "../server/boot";
import { ConfigError, loadConfig } from "../server/config";
import { explain, selects, type Plan } from "./explain";
import { load, failure, type LoadOptions } from "./load";
import { body, ops } from "./operations";
import { markdown, printTable, type Results, type ScenarioResult, type Target } from "./report";
import { seed, seedSizes, seedVersion, type SeedInfo } from "./seed";
import { beginSeed, checkLedger, finishSeed, ledgerHolds, mayWipe, matches, readMarker, restore, setDirty, wipe } from "./seed-state";
import { ServerProcess } from "./server-process";
import type { CapturedStatement, Stats } from "./server";
import { connect, databaseName, ensureDatabase, rows } from "./sql";

/**
 * npm run bench [-- --smoke] [--duration=S] [--warmup=S] [--connections=N] [--reseed] [--profile]
 *
 * Seeds (or reuses) a large data set in the MySQL/MariaDB database of DATABASE_URL, then loads
 * a bare Node http server and the portal (each in a child process) with autocannon, runs a
 * monthly billing, checks that no credit was lost, and writes bench/results/<date>.json and
 * docs/benchmarks.md. --smoke runs the same code on a tiny data set, writes nothing, and
 * exits non-zero if anything failed.
 */

const root = join(__dirname, "..", "..");
const profileDir = join(root, "dist", "bench-profiles");

interface Options {
  smoke: boolean;
  durationS: number;
  warmupS: number;
  connections: number;
  reseed: boolean;
  /** CPU profiles of the server during each measured portal scenario, in dist/bench-profiles/. */
  profile: boolean;
}

function parseOptions(argv: string[]): Options {
  const smoke = argv.includes("--smoke");
  const value = (name: string, fallback: number, min: number, max: number) => {
    const arg = argv.find((a) => a.startsWith(`--${name}=`));
    if (!arg) return fallback;
    const n = Number(arg.slice(name.length + 3));
    if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  for (const arg of argv) if (!/^--(smoke|reseed|profile|duration=.*|warmup=.*|connections=.*)$/.test(arg)) throw new UsageError(`unknown option ${arg}`);
  return {
    smoke,
    durationS: value("duration", smoke ? 1 : 10, 0.5, 600),
    warmupS: value("warmup", smoke ? 0.3 : 2, 0, 60),
    connections: value("connections", 10, 1, 1000),
    reseed: argv.includes("--reseed"),
    profile: argv.includes("--profile"),
  };
}

class UsageError extends Error {}

const print = (line = "") => console.log(line);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Makes or reuses the seed; returns its facts and whether it was reused. */
async function prepareData(databaseUrl: string, options: Options): Promise<{ info: SeedInfo; reused: boolean; seconds: number }> {
  const size = options.smoke ? seedSizes.smoke : seedSizes.full;
  await ensureDatabase(databaseUrl);
  const connection = await connect(databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), "portal-bench-"));
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, NODE_ENV: "production", JWT_SECRET: randomBytes(32).toString("hex") });
  const migrate = async () => {
    const dataSource = await openDatabase(config, { info: (line: string) => print(`  ${line}`) });
    await dataSource.destroy();
  };
  try {
    const found = await readMarker(connection);
    if (!options.reseed && matches(found, size)) {
      print(`Reusing the seed of ${found.info.seededAt} in ${databaseName(databaseUrl)} (${found.info.counts.ledgerRows.toLocaleString("en")} ledger rows).`);
      // New migrations of the server (an index, say) apply to the seeded database too.
      await migrate();
      if (found.dirty) {
        const started = Date.now();
        await restore(connection, found.info);
        print(`  put back what the last run changed (${round((Date.now() - started) / 1000)} s)`);
      }
      return { info: found.info, reused: true, seconds: 0 };
    }
    if (found && !options.reseed && found.info.version === seedVersion)
      throw new UsageError(
        `The database ${databaseName(databaseUrl)} holds the bench's ${JSON.stringify(found.info.size) === JSON.stringify(seedSizes.full) ? "full" : "smoke"} seed, not the ${options.smoke ? "smoke" : "full"} one. ` +
          `Use a database for each (portal_bench, portal_bench_smoke), or pass --reseed to replace it.`,
      );
    if (!(await mayWipe(connection)))
      throw new UsageError(
        `The database ${databaseName(databaseUrl)} holds tables the bench did not make. Give the bench a database of its own, e.g. …/portal_bench (it is created when missing).`,
      );
    print(`Seeding ${databaseName(databaseUrl)}: ${size.partners.toLocaleString("en")} partners, ${size.sites.toLocaleString("en")} sites, ${size.ledgerRows.toLocaleString("en")} ledger rows, ${size.admins.toLocaleString("en")} admins …`);
    const started = Date.now();
    await wipe(connection);
    await beginSeed(connection);
    await migrate();
    const prices = { priceCreditsPerDevice: config.priceCreditsPerDevice, priceCreditsPer100Users: config.priceCreditsPer100Users };
    const info = await seed(databaseUrl, size, prices, print);
    print(`  inserted in ${round(info.seconds)} s; keeping the seeded balances and analysing the tables …`);
    // The marker's seconds cover the whole seed: schema, inserts, snapshot and ANALYZE.
    info.seconds = round((Date.now() - started) / 1000);
    await finishSeed(connection, info);
    const seconds = (Date.now() - started) / 1000;
    print(`  seeded in ${round(seconds)} s`);
    return { info, reused: false, seconds };
  } finally {
    await connection.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function scalar(connection: mysql.Connection, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await rows<{ v: unknown }>(connection, sql, params);
  return Number(row?.v ?? 0);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl)
    throw new UsageError(
      "npm run bench measures the portal on MySQL/MariaDB, the database it runs on in production; it does not run on the embedded SQLite database.\n" +
        "Set DATABASE_URL to a database of the bench's own, e.g.\n" +
        `  DATABASE_URL=mysql://root@127.0.0.1:3306/${options.smoke ? "portal_bench_smoke" : "portal_bench"} npm run bench${options.smoke ? " -- --smoke" : ""}`,
    );
  try {
    loadConfig({ DATABASE_URL: databaseUrl });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`${error.message} (the bench needs mysql://… or mariadb://…)`);
    throw error;
  }
  const mode = options.smoke ? "smoke" : "full";
  if (options.profile) mkdirSync(profileDir, { recursive: true });
  print(`Partner Portal bench (${mode}): ${options.connections} connections, ${options.durationS} s per scenario after ${options.warmupS} s of warm-up`);

  const data = await prepareData(databaseUrl, options);
  const info = data.info;
  const failures: string[] = [];
  const db = await connect(databaseUrl);
  let portal: ServerProcess | null = null;
  let bare: ServerProcess | null = null;
  try {
    // A new seed is checked at once; a reused one is checked with the whole run at the end.
    if (!data.reused) {
      const seeded = await checkLedger(db);
      if (!ledgerHolds(seeded)) failures.push(`the seeded balances do not equal their ledger sums: ${JSON.stringify(seeded)}`);
      if (seeded.ledgerRows !== info.counts.ledgerRows) failures.push(`the seed holds ${seeded.ledgerRows} ledger rows, its marker says ${info.counts.ledgerRows}`);
    }

    const [{ version }] = await rows<{ version: string }>(db, "SELECT VERSION() AS version");
    const [{ pool }] = await rows<{ pool: number }>(db, "SELECT @@innodb_buffer_pool_size AS pool");
    const siteIds = (await rows<{ id: string }>(db, "SELECT id FROM site WHERE partner_id = ? AND deleted_at IS NULL", [info.bigPartnerId])).map((r) => r.id);
    const pickSite = () => siteIds[Math.floor(Math.random() * siteIds.length)];
    const historyFrom = `${info.historyMonth}-01T00:00:00.000Z`;
    const historyTo = new Date(Date.UTC(Number(info.historyMonth.slice(0, 4)), Number(info.historyMonth.slice(5, 7)), 1)).toISOString();

    const scenarios: ScenarioResult[] = [];
    const base = { connections: options.connections, durationS: options.durationS, warmupS: options.warmupS };
    const run = async (
      server: ServerProcess,
      key: string,
      title: string,
      kind: ScenarioResult["kind"],
      makeBody: () => string,
      headers: Record<string, string>,
      isolated: { statements: CapturedStatement[] | null },
    ): Promise<ScenarioResult> => {
      await server.idle();
      const loadAverage = loadavg()[0];
      const counting = server !== bare;
      let before: Stats | null = null;
      let after: Stats | null = null;
      // The counts are read with the server idle, so they cover whole requests; the warm-up is left out.
      const around: LoadOptions["around"] = {
        before: async () => {
          await server.idle();
          before = await server.stats();
          if (options.profile && counting) await server.profile(true);
        },
        after: async () => {
          await server.idle();
          if (options.profile && counting) await server.profile(false, join(profileDir, `${key}.cpuprofile`));
          after = await server.stats();
        },
      };
      const result = await load({ ...base, url: server.url, headers, body: makeBody, around });
      const handled = after!.responses - before!.responses;
      if (result.failed || result.errors) failures.push(`${title}: ${result.failed} failed responses, ${result.errors} connection errors; first: ${result.firstFailure ?? "(connection error)"}`);
      const scenario: ScenarioResult = {
        key,
        title,
        kind,
        rps: round(result.rps),
        latencyMs: { avg: round(result.latencyMs.avg, 2), p50: result.latencyMs.p50, p90: result.latencyMs.p90, p99: result.latencyMs.p99, max: result.latencyMs.max },
        requests: result.requests,
        failed: result.failed,
        errors: result.errors,
        firstFailure: result.firstFailure,
        sqlPerRequest: isolated.statements ? isolated.statements.length : null,
        sqlPerRequestUnderLoad: counting && handled ? round((after!.statements - before!.statements) / handled, 2) : null,
        ratioToTypename: null,
        loadAverage: round(loadAverage, 2),
        serverPeakRssMb: after!.maxRssMb,
      };
      scenarios.push(scenario);
      print(
        `  ${title}: ${Math.round(scenario.rps)} req/s, p50 ${scenario.latencyMs.p50} ms, p99 ${scenario.latencyMs.p99} ms` +
          (scenario.sqlPerRequest !== null ? `, ${scenario.sqlPerRequest} SQL/req` : "") +
          (result.failed || result.errors ? `, ${result.failed + result.errors} FAILED` : ""),
      );
      return scenario;
    };

    /** One request alone, with the statements it sent; fails the run when its answer is not what a client expects. */
    const isolated = async (server: ServerProcess, what: string, requestBody: string, headers: Record<string, string>, check: (data: any) => string | null) => {
      await server.idle();
      await server.capture(true, 5_000);
      const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: requestBody });
      const text = await response.text();
      const statements = await server.capture(false);
      const problem = failure(response.status, text) ?? check(JSON.parse(text).data);
      if (problem) failures.push(`${what}: ${problem}`);
      return { statements, data: JSON.parse(text).data };
    };

    // The machine's floor: a bare Node http server.
    print("Scenarios:");
    bare = await ServerProcess.start("bare", {});
    await run(bare, "bare", "bare Node http server (fixed JSON)", "floor", () => body(ops.typename), {}, { statements: null });
    const barePeak = (await bare.stats()).maxRssMb;
    await bare.stop();
    bare = null;

    // The portal.
    portal = await ServerProcess.start("portal", { DATABASE_URL: databaseUrl, JWT_SECRET: randomBytes(32).toString("hex") });
    const token = await portal.token(info.bigPartnerId, info.benchAdminId);
    const auth = { authorization: `Bearer ${token}` };

    const typenameAlone = await isolated(portal, "{ __typename }", body(ops.typename), {}, (d) => (d?.__typename === "Query" ? null : "no __typename"));
    const typename = await run(portal, "typename", "portal { __typename }, anonymous", "floor", () => body(ops.typename), {}, typenameAlone);
    const typenameSignedIn = await isolated(portal, "{ __typename } signed in", body(ops.typename), auth, (d) => (d?.__typename === "Query" ? null : "no __typename"));
    await run(portal, "typenameSignedIn", "portal { __typename }, signed in", "floor", () => body(ops.typename), auth, typenameSignedIn);

    const bigSites = info.size.bigPartnerSites;
    const pageCheck = (size: number) => (d: any) => {
      const edges = d?.sites?.edges ?? [];
      if (d?.sites?.totalCount !== bigSites) return `totalCount ${d?.sites?.totalCount}, expected ${bigSites}`;
      if (edges.length !== size) return `${edges.length} sites, expected ${size}`;
      if (!edges.every((e: any) => e.node.administrators.length >= 1)) return "a site without its administrators";
      return null;
    };
    const page5 = await isolated(portal, "sites page of 5", body(ops.sites, { first: 5 }), auth, pageCheck(5));
    const page50 = await isolated(portal, "sites page of 50", body(ops.sites, { first: 50 }), auth, pageCheck(50));
    const sitesPage = await run(portal, "sitesPage", `sites page: first 50 of ${bigSites.toLocaleString("en")}, every field`, "read", () => body(ops.sites, { first: 50 }), auth, page50);

    const search = await isolated(portal, "site search", body(ops.sites, { first: 50, search: info.searchTerm }), auth, (d) => {
      const edges = d?.sites?.edges ?? [];
      if (!edges.length) return "the search found nothing";
      return edges.every((e: any) => `${e.node.name} ${e.node.notes}`.includes(info.searchTerm)) ? null : "a result without the term";
    });
    await run(portal, "search", `site search "${info.searchTerm}" (first 50)`, "read", () => body(ops.sites, { first: 50, search: info.searchTerm }), auth, search);

    const historyVariables = { from: historyFrom, to: historyTo, first: 50 };
    const history = await isolated(portal, "month of history", body(ops.creditTransactions, historyVariables), auth, (d) => {
      const page = d?.creditTransactions;
      if (!page?.edges?.length || page.totalCount < page.edges.length) return "an empty month";
      return page.edges.every((e: any) => e.node.createdAt >= historyFrom && e.node.createdAt < historyTo) ? null : "a row outside the month";
    });
    const historyScenario = await run(
      portal,
      "history",
      `credit history: one month (${info.historyMonth}), first 50`,
      "read",
      () => body(ops.creditTransactions, historyVariables),
      auth,
      history,
    );

    const detail = await isolated(portal, "site detail", body(ops.site, { id: siteIds[0] }), auth, (d) => (d?.site?.id === siteIds[0] ? null : "no site"));
    await run(portal, "siteDetail", "site detail (a random site, every field)", "read", () => body(ops.site, { id: pickSite() }), auth, detail);

    // allocateCredits: writes. Mark the data as changed first, so the next run puts it back.
    await setDirty(db, true);
    const partnerTotals = async () => ({
      pool: await scalar(db, "SELECT unallocated_credits AS v FROM partner WHERE id = ?", [info.bigPartnerId]),
      sites: await scalar(db, "SELECT COALESCE(SUM(credits), 0) AS v FROM site WHERE partner_id = ?", [info.bigPartnerId]),
      allocations: await scalar(db, "SELECT COUNT(*) AS v FROM credit_transaction WHERE partner_id = ? AND kind = 'ALLOCATION'", [info.bigPartnerId]),
      // A suspended site that an allocation makes able to pay resumes and pays the month's charge then.
      resumeCharges: await scalar(db, "SELECT COALESCE(SUM(credits), 0) AS v FROM credit_transaction WHERE partner_id = ? AND kind = 'MONTHLY_CHARGE' AND billing_month = ?", [
        info.bigPartnerId,
        new Date().toISOString().slice(0, 7),
      ]),
    });
    const allocateBody = () => body(ops.allocateCredits, { input: { siteId: pickSite(), credits: 1 } });
    const allocateAlone = await isolated(portal, "allocateCredits", allocateBody(), auth, (d) => (d?.allocateCredits?.transaction?.credits === 1 ? null : "no transaction"));
    const before = await partnerTotals();
    const allocate = await run(portal, "allocateCredits", "allocateCredits (1 credit to a random site)", "write", allocateBody, auth, allocateAlone);
    // Requests still in flight when the load stopped may yet commit: let them finish.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const afterAllocation = await partnerTotals();
    const committed = afterAllocation.allocations - before.allocations;
    const allocationLedger = await checkLedger(db, info.bigPartnerId);
    const charged = afterAllocation.resumeCharges - before.resumeCharges;
    const noCreditLost =
      before.pool + before.sites === afterAllocation.pool + afterAllocation.sites + charged && before.pool - afterAllocation.pool === committed && ledgerHolds(allocationLedger);
    if (!noCreditLost) failures.push(`allocateCredits lost or made credits: before ${JSON.stringify(before)}, after ${JSON.stringify(afterAllocation)}, ledger ${JSON.stringify(allocationLedger)}`);
    const okResponses = allocate.requests - allocate.failed;
    if (committed < okResponses) failures.push(`allocateCredits: ${okResponses} successful answers but only ${committed} allocations in the ledger`);

    // The monthly billing run over every site, for the month the seed left unbilled.
    const month = new Date().toISOString().slice(0, 7);
    const dueSites = await scalar(db, "SELECT COUNT(*) AS v FROM site WHERE deleted_at IS NULL AND status = 'ACTIVE' AND monthly_cost > 0");
    // Only the sites that resumed during the allocation load have paid this month already.
    const alreadyCharged = await scalar(db, "SELECT COUNT(*) AS v FROM credit_transaction WHERE kind = 'MONTHLY_CHARGE' AND billing_month = ?", [month]);
    const resumed = await scalar(db, "SELECT COUNT(*) AS v FROM credit_transaction WHERE kind = 'MONTHLY_CHARGE' AND billing_month = ? AND partner_id = ?", [month, info.bigPartnerId]);
    if (alreadyCharged !== resumed) failures.push(`${alreadyCharged - resumed} sites were already billed for ${month} before the billing run`);
    print(`  billing run ${month} over ${dueSites.toLocaleString("en")} sites due …`);
    const billingLoad = loadavg()[0];
    if (options.profile) await portal.profile(true);
    const billing = await portal.billing(month);
    if (options.profile) await portal.profile(false, join(profileDir, "billing.cpuprofile"));
    const chargeRows = await scalar(db, "SELECT COUNT(*) AS v FROM credit_transaction WHERE kind = 'MONTHLY_CHARGE' AND billing_month = ?", [month]);
    const warningEmails = await scalar(db, "SELECT COUNT(*) AS v FROM outbox_message WHERE kind = 'LOW_CREDIT_WARNING'");
    const billingComplete = chargeRows === alreadyCharged + billing.result.sitesCharged && billing.result.sitesCharged + billing.result.sitesSuspended === dueSites - alreadyCharged;
    if (!billingComplete) failures.push(`billing: ${billing.result.sitesCharged} charged + ${billing.result.sitesSuspended} suspended of ${dueSites} due, ${chargeRows} charge rows`);
    print(`  billing run: ${round(billing.ms / 1000)} s, ${billing.result.sitesCharged} charged, ${billing.result.sitesSuspended} suspended (load avg ${round(billingLoad, 2)})`);

    const finalStats = await portal.stats();
    if (finalStats.errorsLogged?.length) failures.push(`the server logged unexpected errors: ${finalStats.errorsLogged.slice(0, 3).join(" | ")}`);
    await portal.stop();
    portal = null;

    const ledger = await checkLedger(db);
    if (!ledgerHolds(ledger)) failures.push(`after the run, balances differ from their ledger sums: ${JSON.stringify(ledger)}`);

    // Query plans of the heavy statements, with the parameters they were sent with.
    const plans: Plan[] = [];
    const planAll = async (label: string, statements: CapturedStatement[]) => {
      for (const [i, statement] of selects(statements).entries()) plans.push(await explain(db, `${label} (${i + 1})`, statement));
    };
    await planAll("sites page", page50.statements);
    await planAll("site search", search.statements);
    await planAll("month of history", history.statements);
    const batchSelect = billing.captured.find((s) => /FROM `site`/.test(s.sql) && /FOR UPDATE/.test(s.sql));
    if (batchSelect) plans.push(await explain(db, "billing: batch select", batchSelect));
    const chargedLookup = billing.captured.find((s) => /FROM `credit_transaction`/.test(s.sql) && /billing_month/.test(s.sql));
    if (chargedLookup) plans.push(await explain(db, "billing: already charged?", chargedLookup));

    for (const s of scenarios) if (s.kind !== "floor" || s.key === "typenameSignedIn") s.ratioToTypename = round(s.rps / typename.rps, 3);
    const bareScenario = scenarios.find((s) => s.key === "bare")!;
    bareScenario.ratioToTypename = round(bareScenario.rps / typename.rps, 3);

    const ratio = sitesPage.rps / typename.rps;
    const targets: Target[] = [
      { name: "sites page throughput vs { __typename }", target: "≥ 40%", measured: `${Math.round(ratio * 100)}%`, met: ratio >= 0.4 },
      { name: "sites page p99", target: "≤ 50 ms", measured: `${sitesPage.latencyMs.p99} ms`, met: sitesPage.latencyMs.p99 <= 50 },
      {
        name: "sites page SQL statements, 5 vs 50 sites",
        target: "the same",
        measured: `${page5.statements.length} vs ${page50.statements.length}`,
        met: page5.statements.length === page50.statements.length,
      },
      { name: "one month of history p99", target: "≤ 50 ms", measured: `${historyScenario.latencyMs.p99} ms`, met: historyScenario.latencyMs.p99 <= 50 },
      { name: "allocateCredits throughput", target: "≥ 300/s", measured: `${Math.round(allocate.rps)}/s`, met: allocate.rps >= 300 },
      { name: "allocateCredits: no credit lost", target: "none lost", measured: noCreditLost ? "none lost" : "LOST", met: noCreditLost },
      {
        name: `billing run over all ${info.counts.sites.toLocaleString("en")} sites (${dueSites.toLocaleString("en")} due)`,
        target: "≤ 60 s",
        measured: `${round(billing.ms / 1000)} s`,
        met: billing.ms <= 60_000,
      },
      { name: "server peak memory (RSS)", target: "≤ 300 MB", measured: `${Math.round(finalStats.maxRssMb)} MB`, met: finalStats.maxRssMb <= 300 },
    ];

    const results: Results = {
      date: new Date().toISOString(),
      mode,
      settings: { connections: options.connections, durationS: options.durationS, warmupS: options.warmupS },
      machine: {
        cpus: cpus()[0]?.model ?? "unknown",
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        database: version,
        innodbBufferPoolMb: Math.round(Number(pool) / 1024 / 1024),
      },
      seed: { reused: data.reused, seconds: data.seconds, info },
      scenarios,
      sqlCounts: { sitesPage5: page5.statements.length, sitesPage50: page50.statements.length },
      allocation: {
        committed,
        okResponses,
        poolBefore: before.pool,
        poolAfter: afterAllocation.pool,
        sitesBefore: before.sites,
        sitesAfter: afterAllocation.sites,
        noCreditLost,
        ledger: allocationLedger,
      },
      billing: {
        seconds: round(billing.ms / 1000, 2),
        sites: dueSites,
        ...billing.result,
        statements: billing.statements,
        chargeRows,
        warningEmails,
        complete: billingComplete,
      },
      memory: { portalPeakRssMb: finalStats.maxRssMb, barePeakRssMb: barePeak },
      ledger,
      targets,
      failures,
      plans,
    };

    print("");
    printTable(results, print);
    if (!options.smoke) {
      const resultsDir = join(root, "bench", "results");
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, `${results.date.slice(0, 10)}.json`);
      writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
      mkdirSync(join(root, "docs"), { recursive: true });
      writeFileSync(join(root, "docs", "benchmarks.md"), markdown(results, join(root, "bench", "analysis.md")));
      print(`\nWrote ${file} and docs/benchmarks.md`);
    }
    if (failures.length) {
      print(`\n${failures.length} FAILURE(S):`);
      for (const f of failures) print(`  - ${f}`);
      process.exitCode = 1;
    } else print("\nNo failures: every response was right, no credit was lost, every balance equals its ledger sum.");
  } finally {
    await portal?.stop().catch(() => undefined);
    await bare?.stop().catch(() => undefined);
    await db.end();
  }
}

main().catch((error) => {
  if (error instanceof UsageError) console.error(`bench: ${error.message}`);
  else console.error("bench failed:", error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
