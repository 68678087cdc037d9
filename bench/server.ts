import "reflect-metadata";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { Session } from "node:inspector";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "typeorm";
import type { Config } from "../server/config";
import { datetime } from "./sql";

/**
 * The server under load, in a child process of the bench (started by portal-process.ts), so
 * that the load generator and the server do not share one event loop:
 *   node dist/bench/server.js portal   the portal: createApp + createServices, as server/index.ts
 *                                      wires them, on its own DataSource (pool of 10)
 *   node dist/bench/server.js bare     a bare Node http server answering a fixed JSON body
 * It listens on 127.0.0.1 only and answers the bench's requests over the IPC channel.
 */

export interface CapturedStatement {
  sql: string;
  parameters: unknown[];
}

export type Command =
  | { cmd: "token"; adminId: string; partnerId: string }
  | { cmd: "stats" }
  | { cmd: "idle"; timeoutMs: number }
  | { cmd: "profile"; on: boolean; file?: string }
  | { cmd: "capture"; on: boolean; limit?: number }
  | { cmd: "billing"; month: string }
  | { cmd: "stop" };

export interface Stats {
  /** SQL statements sent by the portal's DataSource since it started. */
  statements: number;
  /** HTTP responses finished since the process started, and requests being handled now. */
  responses: number;
  inFlight: number;
  rssMb: number;
  /** The process's peak resident set size so far (getrusage). */
  maxRssMb: number;
  heapUsedMb: number;
}

/** Counts every statement the DataSource sends (its TypeORM logger sees them all) and keeps some when asked. */
class StatementCounter implements Logger {
  count = 0;
  captured: CapturedStatement[] | null = null;
  limit = 0;

  logQuery(query: string, parameters?: unknown[]): void {
    this.count++;
    // Dates as mysql2 sends them to the portal's database (timezone "Z"), so the bench's EXPLAIN sees the same values.
    if (this.captured && this.captured.length < this.limit) this.captured.push({ sql: query, parameters: (parameters ?? []).map((p) => (p instanceof Date ? datetime(p) : p)) });
  }
  /** With BENCH_SQL_TIMES=1, the time of every statement slower than 1 ms, summed by its kind (the first words of its SQL). */
  readonly slow = new Map<string, { count: number; ms: number }>();

  logQueryError(): void {}
  logQuerySlow(time: number, query: string): void {
    const kind = query.replace(/^(SELECT|UPDATE|DELETE FROM|INSERT INTO)\s.*?(FROM|UPDATE|INTO)?\s*(`\w+`).*$/s, "$1 $3").slice(0, 80);
    const entry = this.slow.get(kind) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += time;
    this.slow.set(kind, entry);
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Counts the HTTP requests a server has finished and those it is handling. */
class Traffic {
  responses = 0;
  inFlight = 0;

  watch(server: Server): void {
    server.on("request", (_req, res: ServerResponse) => {
      this.inFlight++;
      res.once("close", () => {
        this.inFlight--;
        this.responses++;
      });
    });
  }

  /**
   * Resolves once, for 200 ms, no request has been in flight and no SQL statement was sent (a
   * request whose client hung up when a load stopped is no longer "in flight" but may still be
   * running its statements), or after timeoutMs.
   */
  async idle(timeoutMs: number, statements: () => number = () => 0): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let quietSince = Date.now();
    let seen = statements();
    while (Date.now() < deadline) {
      const now = statements();
      if (this.inFlight > 0 || now !== seen) quietSince = Date.now();
      else if (Date.now() - quietSince >= 200) return true;
      seen = now;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }
}

const traffic = new Traffic();

/** A CPU profile of this process through the inspector, written as a .cpuprofile file (Chrome DevTools, speedscope). */
class CpuProfiler {
  private session: Session | null = null;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.post("Profiler.enable");
    await this.post("Profiler.setSamplingInterval", { interval: 200 });
    await this.post("Profiler.start");
  }

  async stop(file: string): Promise<void> {
    if (!this.session) return;
    const { profile } = (await this.post("Profiler.stop")) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    this.session.disconnect();
    this.session = null;
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

const profiler = new CpuProfiler();

function stats(counter: StatementCounter | null): Stats {
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const memory = process.memoryUsage();
  return {
    statements: counter?.count ?? 0,
    responses: traffic.responses,
    inFlight: traffic.inFlight,
    rssMb: mb(memory.rss),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    heapUsedMb: mb(memory.heapUsed),
  };
}

function reply(id: number, result: unknown, error?: unknown) {
  process.send!({ id, result, error: error === undefined ? undefined : error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
}

async function bare() {
  const body = JSON.stringify({ data: { __typename: "Query" } });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  traffic.watch(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.on("message", async (message: { id: number } & Command) => {
    if (message.cmd === "stats") reply(message.id, stats(null));
    else if (message.cmd === "idle") reply(message.id, await traffic.idle(message.timeoutMs));
    else if (message.cmd === "stop") server.close(() => reply(message.id, null));
    else reply(message.id, null, `the bare server has no ${message.cmd}`);
  });
  process.send!({ ready: (server.address() as AddressInfo).port });
}

async function portal() {
  // Loaded here, so the bare server does not load (or pay memory for) the portal's code.
  const { createDataSource } = require("../server/data-source") as typeof import("../server/data-source");
  const { createApp } = require("../server/app") as typeof import("../server/app");
  const { systemClock } = require("../server/clock") as typeof import("../server/clock");
  const { loadConfig } = require("../server/config") as typeof import("../server/config");
  const { createServices } = require("../server/services") as typeof import("../server/services");
  const dataDir = mkdtempSync(join(tmpdir(), "portal-bench-"));
  const config = loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    JWT_SECRET: process.env.JWT_SECRET,
    PUBLIC_URL: "http://127.0.0.1:4000",
    BILLING_SCHEDULER: "off",
    // The bench sends every mutation as one admin: it measures the work, not the limiter
    // (300 mutations per minute per admin by default).
    RATE_LIMIT_MUTATIONS_PER_MINUTE: "1000000",
  }) as Config & { jwtSecret: string };
  const counter = new StatementCounter();
  const dataSource = createDataSource(config);
  dataSource.setOptions({ logger: counter });
  await dataSource.initialize();
  // The driver keeps its own copy of the options.
  if (process.env.BENCH_SQL_TIMES) (dataSource.driver.options as { maxQueryExecutionTime?: number }).maxQueryExecutionTime = 1;
  const services = createServices({ config, dataSource, clock: systemClock });
  const errors: string[] = [];
  const log = { error: (...args: unknown[]) => void (errors.length < 20 && errors.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(" "))) };
  const app = await createApp(services, { clientDir: join(dataDir, "no-client"), log });
  traffic.watch(app.httpServer);
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));

  process.on("message", async (message: { id: number } & Command) => {
    try {
      switch (message.cmd) {
        case "token": {
          const admin = await services.admins.findInPartner(message.partnerId, message.adminId);
          if (!admin) throw new Error(`no admin ${message.adminId} in partner ${message.partnerId}`);
          reply(message.id, (await services.sessions.start(admin, { address: "127.0.0.1", userAgent: "bench" })).token);
          break;
        }
        case "stats":
          reply(message.id, { ...stats(counter), errorsLogged: errors.splice(0) });
          break;
        case "idle":
          reply(message.id, await traffic.idle(message.timeoutMs, () => counter.count));
          break;
        case "profile":
          if (message.on) await profiler.start();
          else await profiler.stop(message.file!);
          reply(message.id, null);
          break;
        case "capture": {
          if (message.on) {
            counter.captured = [];
            counter.limit = message.limit ?? 100;
            reply(message.id, null);
          } else {
            reply(message.id, counter.captured ?? []);
            counter.captured = null;
          }
          break;
        }
        case "billing": {
          const before = counter.count;
          counter.captured = [];
          counter.limit = 40;
          const started = performance.now();
          const result = await services.billing.run(message.month);
          const ms = performance.now() - started;
          const captured = counter.captured;
          counter.captured = null;
          const slowStatements = Object.fromEntries([...counter.slow].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, { count: v.count, ms: Math.round(v.ms) }]));
          counter.slow.clear();
          reply(message.id, { result, ms, statements: counter.count - before, captured, slowStatements });
          break;
        }
        case "stop":
          await app.stop();
          await dataSource.destroy();
          rmSync(dataDir, { recursive: true, force: true });
          reply(message.id, null);
          break;
      }
    } catch (error) {
      reply(message.id, null, error);
    }
  });
  process.send!({ ready: (app.httpServer.address() as AddressInfo).port });
}

const mode = process.argv[2];
(mode === "bare" ? bare() : mode === "portal" ? portal() : Promise.reject(new Error(`unknown mode ${mode}`))).catch((error) => {
  console.error("[bench server] could not start:", error);
  process.exit(1);
});
// The bench ends this process; if the bench itself dies, so does this.
process.on("disconnect", () => process.exit(0));
