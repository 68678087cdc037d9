import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TadaDocumentNode } from "gql.tada";
import { print } from "graphql";
import type { DataSource, Logger } from "typeorm";
import { createDataSource } from "../../server/data-source";
import { createApp, type PortalApp } from "../../server/app";
import { loadConfig, type Config } from "../../server/config";
import { OutboxWorker } from "../../server/mail/outbox.worker";
import { createMailTransport } from "../../server/mail/transport";
import { createServices, type Services } from "../../server/services";
import { TestClock } from "./clock";
import { Given } from "./given";
import { SmtpCatcher } from "./smtp";

export const platformKey = "test-platform-key-" + randomBytes(12).toString("hex");

export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  data: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string } }>;
}

export type Variables = Record<string, unknown>;

export interface Credentials {
  /** A bearer token: an admin's session token or the platform key. */
  token?: string;
  /** A Cookie header, as the web client sends it. */
  cookie?: string;
  headers?: Record<string, string>;
}

/**
 * Every SQL statement the portal's DataSource sends, recorded while `recording` is on (the
 * DataSource's TypeORM logger, so nothing is left out: transactions, loaders, counts).
 */
export class SqlLog implements Logger {
  recording = false;
  readonly statements: string[] = [];

  logQuery(query: string): void {
    if (this.recording) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  /** The statements run while fn runs. */
  async during(fn: () => Promise<unknown>): Promise<string[]> {
    this.statements.length = 0;
    this.recording = true;
    try {
      await fn();
    } finally {
      this.recording = false;
    }
    return [...this.statements];
  }
}

export interface PortalOptions {
  /** A folder holding a web client build (index.html and assets) for the app to serve. */
  clientDir?: string;
}

/** True when the suite runs against MySQL/MariaDB (DATABASE_URL set), else the embedded SQLite. */
export const onMysql = !!process.env.DATABASE_URL;

/**
 * A real portal for one test file: a fresh database (SQLite in a temporary folder, or the
 * MySQL database of DATABASE_URL emptied and migrated), a real SMTP catcher, the express
 * app listening on a loopback port, and a clock the test can move.
 */
export class Portal {
  readonly clock = new TestClock();
  readonly mail = new SmtpCatcher();
  readonly given = new Given(this);
  /** The SQL the portal runs; see SqlLog. */
  readonly sql = new SqlLog();
  url = "";
  config!: Config & { jwtSecret: string };
  services!: Services;
  dataSource!: DataSource;
  worker!: OutboxWorker;
  private app!: PortalApp;
  /** The portal's DATA_DIR (the SQLite file lives here when DATABASE_URL is not set). */
  dataDir = "";
  /** What the server logged as unexpected errors; tests can assert it stays empty. */
  readonly errorsLogged: unknown[][] = [];

  /**
   * env overrides the test defaults (e.g. a low limit); options.clientDir serves a web client
   * build from that folder (by default there is none).
   */
  static async start(env: Record<string, string> = {}, options: PortalOptions = {}): Promise<Portal> {
    const portal = new Portal();
    await portal.boot(env, options);
    return portal;
  }

  private async boot(env: Record<string, string>, options: PortalOptions): Promise<void> {
    this.dataDir = mkdtempSync(join(tmpdir(), "portal-test-"));
    const smtpUrl = await this.mail.start();
    const config = loadConfig({
      NODE_ENV: "test",
      DATA_DIR: this.dataDir,
      DATABASE_URL: process.env.DATABASE_URL,
      SMTP_URL: smtpUrl,
      PLATFORM_API_KEY: platformKey,
      JWT_SECRET: randomBytes(32).toString("hex"),
      MAIL_POLL_MS: "50",
      BILLING_SCHEDULER: "off",
      // Tests send many mutations from one address; the rate-limit tests set these low.
      RATE_LIMIT_MUTATIONS_PER_MINUTE: "1000000",
      RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
      ...env,
    });
    this.dataSource = createDataSource(config);
    this.dataSource.setOptions({ logger: this.sql });
    await this.dataSource.initialize();
    if (onMysql) await this.dataSource.dropDatabase();
    await this.dataSource.runMigrations({ transaction: "each" });
    const log = { error: (...args: unknown[]) => this.errorsLogged.push(args) };
    this.services = createServices({ config: config as Config & { jwtSecret: string }, dataSource: this.dataSource, clock: this.clock });
    this.config = this.services.config;
    this.app = await createApp(this.services, { clientDir: options.clientDir ?? join(this.dataDir, "no-client"), log });
    const quiet = { info: () => undefined, warn: () => undefined, error: (...args: unknown[]) => this.errorsLogged.push(args) };
    this.worker = new OutboxWorker({
      dataSource: this.dataSource,
      transport: createMailTransport(config, quiet as unknown as Console),
      clock: this.clock,
      pollMs: config.mailPollMs,
      log: quiet,
      outbox: this.services.outbox,
    });
    this.worker.start();
    await new Promise<void>((resolve) => this.app.httpServer.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.app.httpServer.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    // The SMTP catcher goes first: the worker then fails the mail still queued at once (it stays in
    // the outbox) instead of delivering all of it, ~100 ms a message, before it stops.
    await this.mail.stop();
    await this.worker?.stop();
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Waits until the outbox has delivered every email it holds, so a test can tell that no other email is coming (each takes ~100 ms over SMTP). */
  mailSettled(timeoutMs = 30_000): Promise<void> {
    return outboxSettled((sql) => this.dataSource.query(sql), timeoutMs);
  }

  /**
   * Sends a GraphQL operation over HTTP, as a client would. A document made with `graphql`
   * (client/src/api/graphql.ts) types the answer and the variables; a string is sent as written.
   */
  gql<T = any, V extends Variables = Variables>(query: string | TadaDocumentNode<T, V>, variables: NoInfer<V> = {} as V, auth: Credentials = {}): Promise<GqlResponse<T>> {
    return gqlAt<T, V>(this.url, query, variables, auth);
  }

  /** As the platform operator (bearer PLATFORM_API_KEY). */
  platform<T = any, V extends Variables = Variables>(query: string | TadaDocumentNode<T, V>, variables: NoInfer<V> = {} as V) {
    return this.gql(query, variables, { token: platformKey });
  }
}

/** Waits until the outbox of the database that `query` reads has delivered every email it holds (whichever server sends them). */
export async function outboxSettled(query: (sql: string) => Promise<Array<{ waiting: unknown }>>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ waiting }] = await query("SELECT COUNT(*) AS waiting FROM outbox_message WHERE delivered_at IS NULL");
    if (Number(waiting) === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} emails still undelivered after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sends a GraphQL operation over HTTP to the portal at this URL, as a client would. */
export async function gqlAt<T = any, V extends Variables = Variables>(
  url: string,
  query: string | TadaDocumentNode<T, V>,
  variables: NoInfer<V> = {} as V,
  auth: Credentials = {},
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...auth.headers };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const request = JSON.stringify({ query: typeof query === "string" ? query : print(query), variables });
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: request });
  const body = (await response.json()) as { data?: T; errors?: GqlResponse["errors"] };
  return { status: response.status, headers: response.headers, data: body.data ?? null, errors: body.errors };
}

/** The one error code of a refused operation, or "OK" when it ran without top-level errors. */
export function outcome(response: GqlResponse): string {
  return response.errors?.length ? (response.errors[0].extensions?.code ?? "NO_CODE") : "OK";
}
