import { randomUUID } from "node:crypto";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { onMysql, outcome, Portal } from "../support/harness";
import { balancesAndSums, ledgerRows, stateOf } from "../support/ledger";
import { codes, ops } from "../support/operations";

/**
 * Races: many requests at the same moment. On MySQL they run on pooled connections in parallel,
 * so only the database's conditional updates and unique keys keep the ledger right; on SQLite
 * the same tests check the serialised path.
 */
describe(`credits under concurrency (${onMysql ? "MySQL" : "SQLite"})`, () => {
  let portal: Portal;
  let partner: GivenPartner;
  let operators: Session[];

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Racing VAR" });
    operators = [partner.master, await portal.given.admin(partner, AdminRole.OPERATOR), await portal.given.admin(partner, AdminRole.ADMINISTRATOR)];
  });
  afterAll(() => portal.stop());
  afterEach(async () => {
    expect(portal.errorsLogged).toEqual([]);
    // Whatever raced, every balance still equals its ledger and none is negative.
    const { partners, sites } = await balancesAndSums(portal);
    for (const row of [...partners, ...sites]) {
      expect(row.balance).toBe(row.ledger);
      expect(row.balance).toBeGreaterThanOrEqual(0);
    }
  });

  /** Empties the pool into a parking site, so a test starts from a known pool. */
  async function setPool(credits: number) {
    const { pool } = await stateOf(portal, partner.id);
    if (pool > 0) {
      const parking = await portal.given.site(partner, { name: "Parking" });
      await portal.gql(ops.allocateCredits, { input: { siteId: parking.id, credits: pool } }, { token: partner.master.token });
    }
    if (credits > 0) await portal.given.credits(partner, credits);
    expect((await stateOf(portal, partner.id)).pool).toBe(credits);
  }
  const by = (i: number) => ({ token: operators[i % operators.length].token });

  describe("two admins taking the last credits at the same moment", () => {
    it("lets exactly 20 of 50 simultaneous 1-credit allocations through a pool of 20; the other 30 get INSUFFICIENT_CREDITS", async () => {
      const site = await portal.given.site(partner, { name: "Contested" });
      await setPool(20);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, by(i))),
      );

      expect(responses.map(outcome)).toEqual(Array(50).fill("OK"));
      const results = responses.map((r) => r.data.allocateCredits);
      expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(20);
      expect(results.filter((r) => codes(r).join() === "INSUFFICIENT_CREDITS")).toHaveLength(30);

      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(0);
      expect(after.sites.find((s) => s.id === site.id)!.credits).toBe(20);
      const rows = await ledgerRows(portal, "site_id = ?", [site.id]);
      expect(rows).toHaveLength(20);
      // Each success saw a different pool balance after it: 19, 18, … 0.
      expect(results.filter((r) => r.transaction).map((r) => r.transaction.unallocatedCreditsAfter).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(results.filter((r) => r.transaction).map((r) => r.transaction.siteCreditsAfter).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it("shares a pool of 20 between 50 simultaneous allocations to five different sites without overdrawing it", async () => {
      const sites: GivenSite[] = [];
      for (let i = 0; i < 5; i++) sites.push(await portal.given.site(partner, { name: `Spread ${i}` }));
      await setPool(20);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => portal.gql(ops.allocateCredits, { input: { siteId: sites[i % 5].id, credits: 1 } }, by(i))),
      );
      const results = responses.map((r) => r.data.allocateCredits);
      expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(20);
      expect(results.filter((r) => codes(r).join() === "INSUFFICIENT_CREDITS")).toHaveLength(30);
      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(0);
      expect(after.sites.filter((s) => sites.some((t) => t.id === s.id)).reduce((sum, s) => sum + s.credits, 0)).toBe(20);
    });

    it("lets exactly 20 of 50 simultaneous 1-credit reclaims take a site's 20 credits", async () => {
      const site = await portal.given.site(partner, { credits: 20 });
      await setPool(0);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 1 } }, by(i))),
      );
      const results = responses.map((r) => r.data.reclaimCredits);
      expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(20);
      expect(results.filter((r) => codes(r).join() === "INSUFFICIENT_CREDITS")).toHaveLength(30);
      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(20);
      expect(after.sites.find((s) => s.id === site.id)!.credits).toBe(0);
    });

    it("keeps both balances whole when allocations, reclaims and a delete of the same site race", async () => {
      const site = await portal.given.site(partner, { credits: 10 });
      await setPool(10);
      const moves = Array.from({ length: 30 }, (_, i) =>
        portal.gql(i % 2 ? ops.reclaimCredits : ops.allocateCredits, { input: { siteId: site.id, credits: 1 + (i % 3) } }, by(i)),
      );
      const deletion = portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
      const responses = await Promise.all([...moves, deletion]);
      expect(responses.map(outcome)).toEqual(Array(31).fill("OK"));
      expect((await deletion).data.deleteSite).toMatchObject({ deletedSiteId: site.id, userErrors: [] });

      // The site is gone with nothing left on it, and every credit is back in the pool.
      const after = await stateOf(portal, partner.id);
      expect(after.sites.find((s) => s.id === site.id)).toMatchObject({ deleted: true, credits: 0 });
      expect(after.pool).toBe(20);
    });
  });

  describe("simultaneous retries with one idempotency key", () => {
    it("makes exactly one allocation of 10 simultaneous retries, and answers all of them with it", async () => {
      const site = await portal.given.site(partner);
      await setPool(100);
      const input = { siteId: site.id, credits: 5, idempotencyKey: `burst-${randomUUID()}` };
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => portal.gql(ops.allocateCredits, { input }, by(i))));

      expect(responses.map(outcome)).toEqual(Array(10).fill("OK"));
      const results = responses.map((r) => r.data.allocateCredits);
      expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
      expect(new Set(results.map((r) => r.transaction.id)).size).toBe(1);
      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(95);
      expect(after.sites.find((s) => s.id === site.id)!.credits).toBe(5);
      expect(await ledgerRows(portal, "site_id = ?", [site.id])).toHaveLength(1);
    });

    it("makes exactly one reclaim of 10 simultaneous retries", async () => {
      const site = await portal.given.site(partner, { credits: 30 });
      const input = { siteId: site.id, credits: 7, idempotencyKey: `burst-${randomUUID()}` };
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => portal.gql(ops.reclaimCredits, { input }, by(i))));
      const results = responses.map((r) => r.data.reclaimCredits);
      expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
      expect(new Set(results.map((r) => r.transaction.id)).size).toBe(1);
      expect((await stateOf(portal, partner.id)).sites.find((s) => s.id === site.id)!.credits).toBe(23);
    });

    it("makes exactly one purchase of 10 simultaneous grant retries", async () => {
      await setPool(0);
      const input = { partnerId: partner.id, credits: 500, reference: "PO-burst", idempotencyKey: `grant-${randomUUID()}` };
      const responses = await Promise.all(Array.from({ length: 10 }, () => portal.platform(ops.grantCredits, { input })));
      const results = responses.map((r) => r.data.grantCredits);
      expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
      expect(new Set(results.map((r) => r.transaction.id)).size).toBe(1);
      expect((await stateOf(portal, partner.id)).pool).toBe(500);
    });
  });

  describe("billing runs at the same moment", () => {
    it("charges each site once when two billing runs of one month start together, and suspends each site that cannot pay once", async () => {
      const payers = await Promise.all(Array.from({ length: 24 }, (_, i) => portal.given.site(partner, { name: `Payer ${i}`, credits: 10, usage: { users: 0, devices: 1 + (i % 4) } })));
      const nonPayers = await Promise.all(Array.from({ length: 6 }, (_, i) => portal.given.site(partner, { name: `Broke ${i}`, credits: 1, usage: { users: 0, devices: 5 } })));
      const expectedCredits = payers.reduce((sum, _s, i) => sum + 1 + (i % 4), 0);

      const month = portal.clock.now().toISOString().slice(0, 7);
      const runs = await Promise.all([0, 1, 2].map(() => portal.platform(ops.runMonthlyBilling, { input: { month } })));
      expect(runs.map(outcome)).toEqual(["OK", "OK", "OK"]);
      const results = runs.map((r) => r.data.runMonthlyBilling);
      expect(results.every((r) => r.userErrors.length === 0 && r.month === month)).toBe(true);
      expect(results.reduce((sum, r) => sum + r.sitesCharged, 0)).toBe(24);
      expect(results.reduce((sum, r) => sum + r.creditsCharged, 0)).toBe(expectedCredits);
      expect(results.reduce((sum, r) => sum + r.sitesSuspended, 0)).toBe(6);

      const charges = await ledgerRows(portal, "kind = 'MONTHLY_CHARGE' AND partner_id = ?", [partner.id]);
      expect(charges).toHaveLength(24);
      expect(new Set(charges.map((c) => c.siteId)).size).toBe(24);
      const after = await stateOf(portal, partner.id);
      for (const [i, payer] of payers.entries()) expect(after.sites.find((s) => s.id === payer.id)).toMatchObject({ credits: 10 - (1 + (i % 4)), status: "ACTIVE" });
      for (const broke of nonPayers) expect(after.sites.find((s) => s.id === broke.id)).toMatchObject({ credits: 1, status: "SUSPENDED" });
    });

    it("charges once and loses no allocation when a billing run races allocations to the sites it charges", async () => {
      const sites = await Promise.all(Array.from({ length: 10 }, (_, i) => portal.given.site(partner, { name: `Busy ${i}`, credits: 3, usage: { users: 0, devices: 3 } })));
      await setPool(100);
      // The sites are new: this month is still due for them.
      const month = portal.clock.now().toISOString().slice(0, 7);
      const requests = [
        portal.platform(ops.runMonthlyBilling, { input: { month } }),
        ...sites.flatMap((site, i) => [0, 1].map((j) => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 2 } }, by(i + j)))),
        portal.platform(ops.runMonthlyBilling, { input: { month } }),
      ];
      const responses = await Promise.all(requests);
      expect(responses.map(outcome)).toEqual(Array(requests.length).fill("OK"));

      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(60);
      for (const site of sites) {
        const charges = await ledgerRows(portal, "kind = 'MONTHLY_CHARGE' AND site_id = ?", [site.id]);
        expect(charges).toHaveLength(1);
        expect(after.sites.find((s) => s.id === site.id)).toMatchObject({ credits: 3 + 4 - 3, status: "ACTIVE" });
      }
    });
  });
});
