import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import mysql from "mysql2/promise";
import { createDataSource } from "../../server/data-source";
import { mysqlMigrations } from "../../server/migrations/mysql";
import { AdminRole } from "../../server/roles";
import { adminOps } from "../support/admin-operations";
import { Given, type GivenPartner } from "../support/given";
import { onMysql, outboxSettled, outcome } from "../support/harness";
import { gqlFrom } from "../support/http";
import { ops } from "../support/operations";
import { buildServer, ServerProcess } from "../support/server-process";
import { SmtpCatcher } from "../support/smtp";

/** Generous bounds for the test's own connections: DDL on a loaded machine can take seconds. */
const slowTimeouts = { dbConnectMs: 10_000, dbQueryMs: 120_000, dbAcquireMs: 60_000, smtpConnectMs: 10_000, smtpSocketMs: 30_000 };

const requestPasswordReset = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`;

/**
 * Several real server processes (the tsc build, as in production) on one MySQL database,
 * as replicas behind a load balancer run: they start together, and what one does holds on
 * the others. The embedded SQLite file belongs to one process, so this is MySQL only.
 */
(onMysql ? describe : describe.skip)(
  `replicas: server processes sharing one MySQL database${onMysql ? "" : " (skipped: MySQL only, set DATABASE_URL; the embedded SQLite file serves one process)"}`,
  () => {
    const mail = new SmtpCatcher();
    const databaseUrl = process.env.DATABASE_URL!;
    const running: ServerProcess[] = [];
    let env: Record<string, string>;
    let database: mysql.Connection;

    /** Starts `count` servers at the same moment and waits until each listens. */
    const startTogether = async (count: number, extra: Record<string, string> = {}) => {
      const started = await Promise.allSettled(Array.from({ length: count }, () => ServerProcess.start({ ...env, ...extra })));
      for (const s of started) if (s.status === "fulfilled") running.push(s.value);
      const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) throw failed.reason;
      return started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value);
    };
    const stop = async (servers: ServerProcess[]) => {
      for (const server of servers) running.splice(running.indexOf(server), 1);
      return Promise.all(servers.map((server) => server.stop()));
    };
    const readyz = async (server: ServerProcess) => {
      const response = await fetch(`${server.url}/readyz`);
      return { status: response.status, body: await response.json().catch(() => null) };
    };
    const emptyDatabase = async () => {
      const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
      await database.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await database.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await database.query(`USE \`${name}\``);
    };
    const migrationsRun = async () => ((await database.query("SELECT name FROM migrations ORDER BY id"))[0] as Array<{ name: string }>).map((m) => m.name);

    beforeAll(async () => {
      await buildServer();
      const smtpUrl = await mail.start();
      const server = new URL(databaseUrl);
      server.pathname = "/";
      database = await mysql.createConnection(server.toString());
      env = {
        DATABASE_URL: databaseUrl,
        SMTP_URL: smtpUrl,
        JWT_SECRET: randomBytes(32).toString("hex"),
        MAIL_POLL_MS: "50",
        BILLING_SCHEDULER: "off",
        // The servers' clocks read mid-November 2026 at start-up (billing months are then known), and run on.
        TEST_CLOCK_START: "2026-11-15T12:00:00Z",
        RATE_LIMIT_MUTATIONS_PER_MINUTE: "1000000",
        RATE_LIMIT_AUTH_PER_MINUTE: "30",
      };
    }, 120_000);
    afterAll(async () => {
      await stop([...running]);
      await mail.stop();
      await database?.end();
    });

    describe("starting together", () => {
      it("three servers started at once on an empty database all serve, each migration run once", async () => {
        await emptyDatabase();

        const servers = await startTogether(3);

        expect((await Promise.all(servers.map(readyz))).map((r) => r.status)).toEqual([200, 200, 200]);
        expect(await migrationsRun()).toEqual(mysqlMigrations.map((m) => new m().name));
        // SIGTERM: each drains and exits cleanly.
        expect(await stop(servers)).toEqual([0, 0, 0]);
      });

      it("three servers started at once on a database one migration behind all serve, the new migration run once", async () => {
        await emptyDatabase();
        const older = createDataSource({ databaseUrl, dataDir: "", timeouts: slowTimeouts });
        older.setOptions({ migrations: mysqlMigrations.slice(0, -1) });
        await older.initialize();
        await older.runMigrations({ transaction: "each" });
        await older.destroy();

        const servers = await startTogether(3);

        expect((await Promise.all(servers.map(readyz))).map((r) => r.status)).toEqual([200, 200, 200]);
        expect(await migrationsRun()).toEqual(mysqlMigrations.map((m) => new m().name));
        // Two of them serve together from here on.
        await stop(servers.slice(2));
      });
    });

    describe("two servers serving together", () => {
      let a: ServerProcess;
      let b: ServerProcess;
      let given: Given;
      let partner: GivenPartner;

      beforeAll(async () => {
        [a, b] = running;
        given = new Given({ gql: a.gql.bind(a), platform: a.platform.bind(a), mail });
        partner = await given.partner();
      });

      it("take a session made on one on the other", async () => {
        const there = await b.gql(adminOps.partner, {}, { token: partner.master.token });

        expect(outcome(there)).toBe("OK");
        expect(there.data.partner).toMatchObject({ id: partner.id, status: "ACTIVE" });
      });

      it("refuse a removed admin's session on the other at once", async () => {
        const operator = await given.admin(partner, AdminRole.OPERATOR);
        expect(outcome(await b.gql(adminOps.me, {}, { token: operator.token }))).toBe("OK");

        const removed = await a.gql(adminOps.removeAdmin, { input: { adminId: operator.id } }, { token: partner.master.token });
        const after = await b.gql(adminOps.me, {}, { token: operator.token });

        expect(removed.data.removeAdmin.userErrors).toEqual([]);
        expect(outcome(after)).toBe("UNAUTHENTICATED");
      });

      it("charge each site once when monthly billing is fired on both at once", async () => {
        const sites = [];
        for (let i = 0; i < 4; i++) sites.push(await given.site(partner, { credits: 10, usage: { users: 0, devices: 3 } }));

        const runs = await Promise.all([a, b].map((server) => server.platform(ops.runMonthlyBilling, { input: { month: "2026-11" } })));

        expect(runs.map((r) => r.data.runMonthlyBilling.userErrors)).toEqual([[], []]);
        expect(runs.reduce((sum, r) => sum + r.data.runMonthlyBilling.sitesCharged, 0)).toBe(4);
        expect(runs.reduce((sum, r) => sum + r.data.runMonthlyBilling.creditsCharged, 0)).toBe(12);
        for (const site of sites) {
          const seen = await b.gql(ops.site, { id: site.id }, { token: partner.master.token });
          expect(seen.data.site.credits).toBe(7);
        }
      });

      it("mail each invitation made on either exactly once", async () => {
        const emails = [a, b, a, b, a, b].map((_, i) => `invitee.${i}.${Date.now().toString(36)}@example.com`);

        const invitations = await Promise.all(
          [a, b, a, b, a, b].map((server, i) => server.gql(adminOps.inviteAdmin, { input: { email: emails[i], role: AdminRole.OBSERVER } }, { token: partner.master.token })),
        );

        await outboxSettled(async (sql) => (await database.query(sql))[0] as Array<{ waiting: unknown }>);

        expect(invitations.map((r) => r.data.inviteAdmin.userErrors)).toEqual([[], [], [], [], [], []]);
        expect(emails.map((email) => mail.to(email).length)).toEqual([1, 1, 1, 1, 1, 1]);
      });

      /** 40 auth calls (password-reset requests) from one address, alternating between the servers: the statuses, in order. */
      const fortyAuthCalls = async (servers: ServerProcess[], from: string) => {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          const response = await gqlFrom(servers[i % 2].url, from, requestPasswordReset, { input: { email: "nobody@example.com" } });
          statuses.push(response.status);
        }
        return statuses;
      };
      const expectThirtyThenRefused = (statuses: number[]) => {
        expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
        expect(statuses.slice(30)).toEqual(Array(10).fill(429));
      };

      // The servers listen on every interface, so they see a loopback client as ::ffff:127.0.0.x.
      it("count auth calls from one address together in the database: 30 a minute, whichever server answers", async () => {
        const statuses = await fortyAuthCalls([a, b], "127.0.0.41");

        expectThirtyThenRefused(statuses);
        const [[row]] = (await database.query("SELECT points FROM rate_limit WHERE `key` = 'auth:::ffff:127.0.0.41'")) as any;
        expect(row.points).toBe(40);
      });

      it("with REDIS_URL, count them together in Redis instead", async () => {
        const redis = new Redis("redis://127.0.0.1:6379");
        try {
          await redis.del("portal:auth:::ffff:127.0.0.42");
          const [c, d] = await startTogether(2, { REDIS_URL: "redis://127.0.0.1:6379" });

          const statuses = await fortyAuthCalls([c, d], "127.0.0.42");

          expectThirtyThenRefused(statuses);
          expect(await redis.get("portal:auth:::ffff:127.0.0.42")).toBe("40");
          const [rows] = (await database.query("SELECT points FROM rate_limit WHERE `key` = 'auth:::ffff:127.0.0.42'")) as any;
          expect(rows).toEqual([]);
          await stop([c, d]);
        } finally {
          redis.disconnect();
        }
      });

      it("printed no unexpected error", () => {
        expect(running.map((server) => server.output.join("")).join("")).not.toMatch(/unexpected|could not start/);
      });
    });
  },
);
