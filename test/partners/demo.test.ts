import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { adminOps, signUpInput } from "../support/admin-operations";
import { onMysql } from "../support/harness";
import { ops } from "../support/operations";
import { buildServer, ServerProcess } from "../support/server-process";

/**
 * A newcomer's first minutes: `npm start` (NODE_ENV unset: development) on an empty database
 * gives a demo partner with credits and a handful of clearly named demo sites with usage, so the
 * first screen is alive. Real server processes (the tsc build) on a database of their own, the
 * embedded SQLite file or the MySQL database of DATABASE_URL; billing is off so nothing depends on today.
 */
describe("the demo data of a first development start", () => {
  const databaseUrl = process.env.DATABASE_URL;
  let dataDir: string;
  const running: ServerProcess[] = [];

  /** A server on the test's own data folder (and database): NODE_ENV development unless told. */
  async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = await ServerProcess.start({
      NODE_ENV: "development",
      DATA_DIR: dataDir,
      BILLING_SCHEDULER: "off",
      MAIL_POLL_MS: "50",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    });
    running.push(server);
    return server;
  }
  async function stop(server: ServerProcess) {
    running.splice(running.indexOf(server), 1);
    expect(await server.stop()).toBe(0);
  }
  const printed = (server: ServerProcess) => server.output.join("");
  /** Waits until the server has printed this (its output arrives apart from its answers). */
  async function printedLine(server: ServerProcess, text: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!printed(server).includes(text)) {
      if (Date.now() > deadline) throw new Error(`the server did not print "${text}":\n${printed(server)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** A fresh data folder, and on MySQL an empty database. */
  async function emptyDatabase() {
    dataDir = mkdtempSync(join(tmpdir(), "portal-demo-"));
    if (!databaseUrl) return;
    const server = new URL(databaseUrl);
    const name = decodeURIComponent(server.pathname.slice(1));
    server.pathname = "/";
    const connection = await mysql.createConnection(server.toString());
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.end();
  }

  beforeAll(() => buildServer(), 120_000);
  afterEach(async () => {
    for (const server of [...running]) await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signUpFromPrintedLink(server: ServerProcess): Promise<string> {
    await printedLine(server, "/sign-up?token=");
    const token = /\/sign-up\?token=([A-Za-z0-9_-]{43})/.exec(printed(server))?.[1];
    expect(token).toBeDefined();
    const signedUp = await server.gql(adminOps.signUp, { input: signUpInput(token!) });
    expect(signedUp.data.signUp.userErrors).toEqual([]);
    return signedUp.data.signUp.token;
  }
  async function sitesOf(server: ServerProcess, token: string) {
    const response = await server.gql(ops.sites, { first: 50, orderBy: { field: "NAME", direction: "ASC" } }, { token });
    return response.data.sites.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
  }
  const poolOf = async (server: ServerProcess, token: string) => (await server.gql(ops.partner, {}, { token })).data.partner.unallocatedCredits;

  it("gives the demo partner credits and demo sites with usage, named and noted as demo, and says so at start-up", async () => {
    await emptyDatabase();
    const server = await start();

    await printedLine(server, 'Demo data: the demo partner has credits and 4 demo sites with usage (named "Demo · …").');
    await printedLine(server, "A demo partner was created. Sign up as its Master to start:");
    const token = await signUpFromPrintedLink(server);

    const sites = await sitesOf(server, token);
    expect(sites.map((s: any) => [s.name, s.country, s.status, s.credits, s.userCount, s.deviceCount, s.monthlyCost])).toEqual([
      ["Demo · Colegio San Luis", "MX", "ACTIVE", 40, 60, 12, 12],
      ["Demo · Gimnasio Norte", "ES", "ACTIVE", 20, 800, 18, 18],
      ["Demo · Hotel Mirador", "ES", "ACTIVE", 1200, 350, 48, 48],
      ["Demo · Oficinas Centro", "ES", "ACTIVE", 300, 120, 25, 25],
    ]);
    for (const site of sites) expect(site.notes).toMatch(/^Demo site with made-up usage/);
    // 5,000 credits granted, 1,560 of them allocated to the sites.
    expect(await poolOf(server, token)).toBe(3440);
  });

  it("seeds nothing again on later starts, and a demo site someone deleted stays deleted", async () => {
    await emptyDatabase();
    const first = await start();
    const token = await signUpFromPrintedLink(first);
    const [gone] = await sitesOf(first, token);
    expect((await first.gql(ops.deleteSite, { input: { id: gone.id } }, { token })).data.deleteSite.userErrors).toEqual([]);
    const pool = await poolOf(first, token);
    await stop(first);

    for (let restart = 1; restart <= 2; restart++) {
      const again = await start();
      const signedIn = (await again.gql(adminOps.logIn, { input: { email: "master@demo-var.example", password: signUpInput("").password } })).data.logIn.token;
      expect((await sitesOf(again, signedIn)).map((s: any) => s.name)).toEqual(["Demo · Gimnasio Norte", "Demo · Hotel Mirador", "Demo · Oficinas Centro"]);
      expect(await poolOf(again, signedIn)).toBe(pool);
      const purchases = await again.gql(ops.creditTransactions, { kinds: ["PURCHASE"] }, { token: signedIn });
      expect(purchases.data.creditTransactions.totalCount).toBe(1);
      // Printed at start-up, long before the answers above.
      expect(printed(again)).toContain("Platform API: on");
      expect(printed(again)).not.toMatch(/Demo data|A demo partner was created/);
      await stop(again);
    }
  });

  it("never seeds in production, and the start-up says whether the platform API is on", async () => {
    await emptyDatabase();
    const production = await start({ NODE_ENV: "production", JWT_SECRET: "p".repeat(48), PLATFORM_API_KEY: "" });
    await printedLine(production, "Platform API: off (set PLATFORM_API_KEY to create partners over the API)");
    await stop(production);

    const keyed = await start({ NODE_ENV: "production", JWT_SECRET: "p".repeat(48) });
    await printedLine(keyed, "Platform API: on (PLATFORM_API_KEY is set");
    // No demo partner holds the demo Master's address: the platform can give it to a new partner.
    const created = await keyed.platform(adminOps.createPartner, { input: { name: "First real VAR", country: "ES", masterEmail: "master@demo-var.example" } });
    expect(created.data.createPartner).toMatchObject({ partner: { name: "First real VAR" }, userErrors: [] });
    expect(printed(keyed)).not.toMatch(/Demo data|demo partner/);
    await stop(keyed);
  });
});
