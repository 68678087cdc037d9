/** @jest-environment ./test/support/single-realm-environment.js */
// Single realm: errors made by Node itself (a refused connection) must reach the server as real Errors, as in production.
import { createConnection } from "mysql2/promise";
import { AdminRole } from "../../server/roles";
import { uniqueEmail, type GivenPartner, type GivenSite, type Session } from "../support/given";
import { onMysql, outcome, Portal, type GqlResponse } from "../support/harness";
import { balancesAndSums, stateOf } from "../support/ledger";
import { ops } from "../support/operations";
import { proxiedDatabase, type TcpProxy } from "../support/tcp-proxy";

/** How long a request may take to fail while the database is away. */
const fastMs = 2_000;

const auditRows = async (portal: Portal) => Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry"))[0].n);

/** Every ledger row agrees with the balances (the spec's invariant). */
async function expectBalancesMatchLedger(portal: Portal): Promise<void> {
  const { partners, sites } = await balancesAndSums(portal);
  expect(partners.filter((p) => p.balance !== p.ledger)).toEqual([]);
  expect(sites.filter((s) => !s.deleted && s.balance !== s.ledger)).toEqual([]);
}

describe("database faults", () => {
  describe("a credit move that fails half-way", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let operator: Session;
    let site: GivenSite;

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner();
      operator = await portal.given.admin(partner, AdminRole.OPERATOR);
      site = await portal.given.site(partner, { name: "Steady", credits: 10 });
      await portal.given.credits(partner, 50);
      await portal.given.site(partner, { name: "Undeletable", credits: 5 });
      // The ledger refuses some rows, as a full disk or a lost connection would, after the balances were already updated.
      await portal.dataSource.query(
        onMysql
          ? `CREATE TRIGGER refuse_ledger_row BEFORE INSERT ON credit_transaction FOR EACH ROW BEGIN
               IF NEW.note = 'fails half-way' OR NEW.site_name IN ('Doomed', 'Undeletable') THEN
                 SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger row refused by the test';
               END IF;
             END`
          : `CREATE TRIGGER refuse_ledger_row BEFORE INSERT ON credit_transaction
               WHEN NEW.note = 'fails half-way' OR NEW.site_name IN ('Doomed', 'Undeletable')
               BEGIN SELECT RAISE(ABORT, 'ledger row refused by the test'); END`,
      );
    });
    afterAll(() => portal.stop());

    /** The failure a client sees: a masked internal error, nothing of the SQL or the trigger. */
    function expectMaskedFailure(response: GqlResponse, field: string): void {
      expect(response.data?.[field] ?? null).toBeNull();
      expect(response.errors).toEqual([
        { message: "Something went wrong on our side. Try again; if it keeps happening, contact support.", path: [field], extensions: { code: "INTERNAL_SERVER_ERROR" } },
      ]);
      expect(JSON.stringify(response)).not.toMatch(/ledger row refused|credit_transaction|INSERT|trigger/i);
    }

    it("allocateCredits leaves the pool, the site, the ledger, the outbox and the audit log as they were", async () => {
      const before = await stateOf(portal, partner.id);
      const audit = await auditRows(portal);
      portal.errorsLogged.length = 0;

      const response = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 7, note: "fails half-way" } }, { token: operator.token });

      expectMaskedFailure(response, "allocateCredits");
      expect(await stateOf(portal, partner.id)).toEqual(before);
      expect(await auditRows(portal)).toBe(audit);
      expect(String(portal.errorsLogged[0]?.[2])).toMatch(/ledger row refused by the test/);
    });

    it("createSite with credits leaves no site, no invitation and no credit moved", async () => {
      const before = await stateOf(portal, partner.id);
      const administratorEmail = uniqueEmail("doomed-admin");

      const response = await portal.gql(
        ops.createSite,
        { input: { name: "Doomed", country: "ES", timeZone: "Europe/Madrid", administratorEmail, credits: 4 } },
        { token: operator.token },
      );

      expectMaskedFailure(response, "createSite");
      expect(await stateOf(portal, partner.id)).toEqual(before);
      await portal.mailSettled();
      expect(portal.mail.to(administratorEmail)).toEqual([]);
    });

    it("deleteSite, whose credits go back as a RECLAIM, leaves the site in place with its credits", async () => {
      const before = await stateOf(portal, partner.id);
      const undeletable = before.sites.find((s) => s.name === "Undeletable")!;

      const response = await portal.gql(ops.deleteSite, { input: { id: undeletable.id } }, { token: partner.master.token });

      expectMaskedFailure(response, "deleteSite");
      expect(await stateOf(portal, partner.id)).toEqual(before);
      const listed = await portal.gql(ops.site, { id: undeletable.id }, { token: operator.token });
      expect(listed.data.site).toMatchObject({ name: "Undeletable", credits: 5 });
    });

    it("a normal move right after works, and every balance still equals its ledger", async () => {
      const response = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 7, note: "works" } }, { token: operator.token });

      expect(response.data.allocateCredits.site.credits).toBe(17);
      await expectBalancesMatchLedger(portal);
    });
  });

  (onMysql ? describe : describe.skip)("MariaDB only (SQLite has no server connections to kill): every connection of the portal's database killed", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let site: GivenSite;

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner();
      site = await portal.given.site(partner, { name: "Survivor", credits: 1 });
      await portal.given.credits(partner, 100);
    });
    afterAll(() => portal.stop());

    /** KILLs, from a connection of its own, every other connection to the portal's database; returns how many. */
    async function killPortalConnections(): Promise<number> {
      const admin = await createConnection(process.env.DATABASE_URL!);
      try {
        const [rows] = await admin.query("SELECT id FROM information_schema.PROCESSLIST WHERE db = DATABASE() AND id <> CONNECTION_ID()");
        const ids = (rows as Array<{ id: number }>).map((row) => row.id);
        for (const id of ids) await admin.query(`KILL ${Number(id)}`).catch(() => undefined);
        return ids.length;
      } finally {
        await admin.end();
      }
    }

    const allocateOne = () => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: partner.master.token });
    const credits = async () => Number((await portal.dataSource.query("SELECT credits FROM site WHERE id = ?", [site.id]))[0].credits);

    it("answers the next requests and /healthz normally: the pool recovers by itself", async () => {
      // Several connections in the pool, some idle, some just used.
      await Promise.all(Array.from({ length: 6 }, () => portal.gql(ops.sites, {}, { token: partner.master.token })));
      const before = await credits();

      expect(await killPortalConnections()).toBeGreaterThan(0);

      const answers: string[] = [];
      for (let request = 0; request < 5; request++) {
        answers.push(outcome(await portal.gql(ops.sites, {}, { token: partner.master.token })));
        answers.push(outcome(await allocateOne()));
      }
      expect(answers).toEqual(Array(10).fill("OK"));
      expect(await credits()).toBe(before + 5);
      expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
    });

    it("fails requests caught mid-kill with a clear error at worst, and their retries with the same idempotency key move each credit exactly once", async () => {
      const before = await credits();
      const allocate = (key: string) => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1, idempotencyKey: key } }, { token: partner.master.token });
      const keys = Array.from({ length: 20 }, (_, i) => `mid-kill-${i}`);

      const running = keys.map(allocate);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await killPortalConnections();
      const outcomes = (await Promise.all(running)).map(outcome);

      // A request cut off may have committed before its answer was lost: the client cannot tell, so it retries with the same key.
      expect(outcomes.filter((o) => o !== "OK" && o !== "SERVICE_UNAVAILABLE")).toEqual([]);
      const retried = await Promise.all(keys.filter((_, i) => outcomes[i] !== "OK").map(async (key) => outcome(await allocate(key))));
      expect(retried.filter((o) => o !== "OK")).toEqual([]);
      expect(await credits()).toBe(before + keys.length);
      const [{ n }] = await portal.dataSource.query("SELECT COUNT(*) AS n FROM credit_transaction WHERE idempotency_key LIKE 'mid-kill-%'");
      expect(Number(n)).toBe(keys.length);
      await expectBalancesMatchLedger(portal);
      expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
    });
  });

  describe("the database stopped for the app (its DataSource destroyed)", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let site: GivenSite;

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner();
      site = await portal.given.site(partner, { credits: 3 });
      await portal.dataSource.destroy();
    });
    afterAll(() => portal.stop());

    it.each([
      ["an anonymous query", () => portal.gql(`query($token: String!) { invitation(token: $token) { email } }`, { token: "whatever" })],
      ["a signed-in admin's query", () => portal.gql(ops.sites, {}, { token: partner.master.token })],
      ["a mutation", () => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: partner.master.token })],
    ])("fails %s fast with SERVICE_UNAVAILABLE and HTTP 503", async (_what, request) => {
      const started = Date.now();

      const response = await request();

      expect(Date.now() - started).toBeLessThan(fastMs);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(response.errors?.[0].message).toBe("The portal's database cannot be reached right now. Try again in a moment.");
      expect(response.status).toBe(503);
    });

    it("says so on /healthz with HTTP 503", async () => {
      const response = await fetch(`${portal.url}/healthz`);

      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "unreachable" });
    });
  });

  (onMysql ? describe : describe.skip)("MariaDB only (SQLite is a file inside the server): the database server goes away and comes back", () => {
    let portal: Portal;
    let proxy: TcpProxy;
    let partner: GivenPartner;
    let site: GivenSite;

    beforeAll(async () => {
      let databaseUrl: string;
      ({ proxy, databaseUrl } = await proxiedDatabase());
      portal = await Portal.start({ DATABASE_URL: databaseUrl });
      partner = await portal.given.partner();
      site = await portal.given.site(partner, { name: "Patient", credits: 2 });
      await portal.given.credits(partner, 10);
      await proxy.stop();
    });
    afterAll(async () => {
      await proxy.start().catch(() => undefined);
      await portal.stop();
      await proxy.stop();
    });

    it.each([
      ["an anonymous query", () => portal.gql(`query($token: String!) { invitation(token: $token) { email } }`, { token: "whatever" })],
      ["a signed-in admin's query", () => portal.gql(ops.sites, {}, { token: partner.master.token })],
      ["a mutation", () => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: partner.master.token })],
    ])("while it is away, fails %s fast with SERVICE_UNAVAILABLE and HTTP 503", async (_what, request) => {
      const started = Date.now();

      const response = await request();

      expect(Date.now() - started).toBeLessThan(fastMs);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
      expect(response.status).toBe(503);
    });

    it("while it is away, /healthz answers 503", async () => {
      expect((await fetch(`${portal.url}/healthz`)).status).toBe(503);
    });

    it("once it is back, answers requests and /healthz again without a restart", async () => {
      await proxy.start();

      const healthz = await fetch(`${portal.url}/healthz`);
      const allocated = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: partner.master.token });

      expect(healthz.status).toBe(200);
      expect(allocated.errors).toBeUndefined();
      expect(allocated.data.allocateCredits.site.credits).toBe(3);
    });
  });
});
