import { randomUUID } from "node:crypto";
import { BillingScheduler } from "../../server/billing/billing.scheduler";
import type { GivenPartner, GivenSite } from "../support/given";
import { Portal } from "../support/harness";
import { ledgerRows, stateOf } from "../support/ledger";
import { codes, ops } from "../support/operations";

const run = (portal: Portal, month: string) => portal.platform(ops.runMonthlyBilling, { input: { month } });
const siteOf = async (portal: Portal, partner: GivenPartner, id: string) => (await portal.gql(ops.site, { id }, { token: partner.master.token })).data.site;

describe("usage, monthly cost and monthly billing", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let otherPartner: GivenPartner;
  /** Sites a test made; deleted after it, so the next billing run sees only the next test's sites. */
  let made: GivenSite[] = [];
  const site = async (owner: GivenPartner, options: Parameters<Portal["given"]["site"]>[1]) => {
    const created = await portal.given.site(owner, options);
    made.push(created);
    return created;
  };

  beforeAll(async () => {
    portal = await Portal.start({ JWT_TTL_SECONDS: String(7 * 24 * 3600) });
    // Mid-November, noon UTC: run-out dates (the 1st of a month) are whole months away.
    portal.clock.moveTo("2026-11-15T12:00:00.000Z");
    partner = await portal.given.partner({ name: "Billing VAR" });
    otherPartner = await portal.given.partner({ name: "Second billing VAR" });
  });
  afterEach(async () => {
    for (const s of made) {
      const owner = s.partnerId === partner.id ? partner : otherPartner;
      await portal.gql(ops.deleteSite, { input: { id: s.id } }, { token: owner.master.token });
    }
    made = [];
    expect(portal.errorsLogged).toEqual([]);
  });
  afterAll(() => portal.stop());

  describe("reportSiteUsage, as the platform operator", () => {
    it.each([
      [0, 0, 0],
      [0, 1, 1],
      [150, 10, 10],
      [1_000, 42, 42],
    ])("sets %p users and %p devices: a monthly cost of %p credits (1 per device, 0 per 100 users by default)", async (users, devices, cost) => {
      const s = await site(partner, {});
      const response = await portal.platform(ops.reportSiteUsage, { input: { siteId: s.id, userCount: users, deviceCount: devices } });
      expect(response.data.reportSiteUsage).toMatchObject({ site: { userCount: users, deviceCount: devices, monthlyCost: cost }, userErrors: [] });
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ userCount: users, deviceCount: devices, monthlyCost: cost });
    });

    it("dates the run-out: the 1st of the first month the credits cannot pay, null while the site costs nothing", async () => {
      const s = await site(partner, { credits: 25 });
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBeNull();
      await portal.given.usage(s.id, { users: 0, devices: 10 });
      // November is not billed for this new site yet: 25 credits pay November and December at 10,
      // so they run out on 1 January; charging November does not move that date.
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBe("2027-01-01T00:00:00.000Z");
      expect((await run(portal, "2026-11")).data.runMonthlyBilling.sitesCharged).toBeGreaterThanOrEqual(1);
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ credits: 15, creditsRunOutOn: "2027-01-01T00:00:00.000Z" });
      // 15 credits at 30 a month do not pay December.
      await portal.given.usage(s.id, { users: 0, devices: 30 });
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBe("2026-12-01T00:00:00.000Z");
      await portal.given.usage(s.id, { users: 0, devices: 0 });
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBeNull();
    });

    it("moves the run-out date with every credit move", async () => {
      // November, not yet billed for the site, is still to pay: 10 credits pay it and run out on 1 December.
      const s = await site(partner, { credits: 10, usage: { users: 0, devices: 10 } });
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBe("2026-12-01T00:00:00.000Z");
      await portal.given.credits(partner, 30);
      await portal.gql(ops.allocateCredits, { input: { siteId: s.id, credits: 30 } }, { token: partner.master.token });
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBe("2027-03-01T00:00:00.000Z");
      // 5 credits cannot pay November: they ran out at this month's billing, on 1 November.
      await portal.gql(ops.reclaimCredits, { input: { siteId: s.id, credits: 35 } }, { token: partner.master.token });
      expect((await siteOf(portal, partner, s.id)).creditsRunOutOn).toBe("2026-11-01T00:00:00.000Z");
    });

    it.each([
      ["negative users", { userCount: -1, deviceCount: 1 }, "INVALID_USAGE", "userCount"],
      ["negative devices", { userCount: 1, deviceCount: -5 }, "INVALID_USAGE", "deviceCount"],
      ["more than 10,000,000 devices", { userCount: 0, deviceCount: 10_000_001 }, "INVALID_USAGE", "deviceCount"],
    ])("refuses %s and changes nothing", async (_case, counts, code, field) => {
      const s = await site(partner, { usage: { users: 10, devices: 2 } });
      const before = await stateOf(portal, partner.id);
      const response = await portal.platform(ops.reportSiteUsage, { input: { siteId: s.id, ...counts } });
      expect(response.data.reportSiteUsage).toEqual({ site: null, userErrors: [{ code, field: ["input", field], message: expect.any(String) }] });
      expect(await stateOf(portal, partner.id)).toEqual(before);
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ userCount: 10, deviceCount: 2, monthlyCost: 2 });
    });

    it("refuses a site that does not exist or was deleted", async () => {
      const s = await portal.given.site(partner, {});
      await portal.gql(ops.deleteSite, { input: { id: s.id } }, { token: partner.master.token });
      for (const siteId of [randomUUID(), s.id]) {
        const response = await portal.platform(ops.reportSiteUsage, { input: { siteId, userCount: 1, deviceCount: 1 } });
        expect(codes(response.data.reportSiteUsage)).toEqual(["NOT_FOUND"]);
      }
    });
  });

  describe("runMonthlyBilling, as the platform operator", () => {
    it("charges every active site its monthly cost, with a ledger row each", async () => {
      const a = await site(partner, { name: "Payer A", credits: 30, usage: { users: 0, devices: 7 } });
      const b = await site(otherPartner, { name: "Payer B", credits: 5, usage: { users: 0, devices: 5 } });
      const free = await site(partner, { name: "Free", credits: 3 });
      const { pool } = await stateOf(portal, partner.id);

      const response = await run(portal, "2026-11");
      expect(response.data.runMonthlyBilling).toEqual({ month: "2026-11", sitesCharged: 2, creditsCharged: 12, sitesSuspended: 0, userErrors: [] });
      expect(await siteOf(portal, partner, a.id)).toMatchObject({ credits: 23, status: "ACTIVE" });
      expect(await siteOf(portal, otherPartner, b.id)).toMatchObject({ credits: 0, status: "ACTIVE" });
      expect(await siteOf(portal, partner, free.id)).toMatchObject({ credits: 3, status: "ACTIVE" });

      const history = await portal.gql(ops.creditTransactions, { siteId: a.id, kinds: ["MONTHLY_CHARGE"] }, { token: partner.master.token });
      expect(history.data.creditTransactions.nodes).toHaveLength(1);
      expect(history.data.creditTransactions.edges[0].node).toMatchObject({
        kind: "MONTHLY_CHARGE",
        credits: 7,
        site: { id: a.id },
        siteName: "Payer A",
        siteCreditsAfter: 23,
        unallocatedCreditsAfter: pool,
        actor: null,
      });
      expect((await stateOf(portal, partner.id)).pool).toBe(pool);
    });

    it("charges a site once a month, however often the month is run", async () => {
      // Made in October, so October and November are both due.
      portal.clock.moveTo("2026-10-20T12:00:00.000Z");
      const s = await site(partner, { credits: 30, usage: { users: 0, devices: 4 } });
      portal.clock.moveTo("2026-11-15T12:00:00.000Z");
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 1, creditsCharged: 4 });
      const before = await stateOf(portal, partner.id);
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toEqual({ month: "2026-11", sitesCharged: 0, creditsCharged: 0, sitesSuspended: 0, userErrors: [] });
      expect((await run(portal, "2026-11")).data.runMonthlyBilling.sitesCharged).toBe(0);
      expect(await stateOf(portal, partner.id)).toEqual(before);
      expect(await ledgerRows(portal, "kind = 'MONTHLY_CHARGE' AND site_id = ?", [s.id])).toHaveLength(1);

      // Another month is another charge.
      expect((await run(portal, "2026-10")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 1, creditsCharged: 4 });
      expect((await siteOf(portal, partner, s.id)).credits).toBe(22);
    });

    it("charges a site whose credits pay exactly one month down to zero", async () => {
      const s = await site(partner, { credits: 6, usage: { users: 0, devices: 6 } });
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 1, sitesSuspended: 0 });
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ credits: 0, status: "ACTIVE" });
    });

    it("suspends a site that cannot pay and charges it nothing; credits that cover its cost re-activate it and the month is charged then", async () => {
      const poor = await site(partner, { name: "Poor", credits: 3, usage: { users: 0, devices: 5 } });
      const before = await stateOf(portal, partner.id);

      const first = await run(portal, "2026-11");
      expect(first.data.runMonthlyBilling).toEqual({ month: "2026-11", sitesCharged: 0, creditsCharged: 0, sitesSuspended: 1, userErrors: [] });
      expect(await siteOf(portal, partner, poor.id)).toMatchObject({ status: "SUSPENDED", credits: 3 });
      expect((await stateOf(portal, partner.id)).ledgerRows).toBe(before.ledgerRows);

      // A suspended site is left alone by later runs: not charged, not counted again.
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 0, sitesSuspended: 0 });
      expect((await run(portal, "2026-10")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 0, sitesSuspended: 0 });

      // A suspended site shows no run-out date; 4 credits do not cover its 5 a month, so it stays suspended.
      expect((await siteOf(portal, partner, poor.id)).creditsRunOutOn).toBeNull();
      await portal.given.credits(partner, 11);
      await portal.gql(ops.allocateCredits, { input: { siteId: poor.id, credits: 1 } }, { token: partner.master.token });
      expect(await siteOf(portal, partner, poor.id)).toMatchObject({ status: "SUSPENDED", credits: 4, creditsRunOutOn: null });
      expect((await stateOf(portal, partner.id)).ledgerRows).toBe(before.ledgerRows + 2);

      // 14 credits cover it: November's unpaid 5 are taken with the allocation, and it runs on.
      const allocated = await portal.gql(ops.allocateCredits, { input: { siteId: poor.id, credits: 10 } }, { token: partner.master.token });
      expect(allocated.data.allocateCredits.site).toMatchObject({ status: "ACTIVE", credits: 9 });
      expect(await siteOf(portal, partner, poor.id)).toMatchObject({ status: "ACTIVE", credits: 9, creditsRunOutOn: "2027-01-01T00:00:00.000Z" });
      const charges = await ledgerRows(portal, "kind = 'MONTHLY_CHARGE' AND site_id = ?", [poor.id]);
      expect(charges).toHaveLength(1);
      expect(charges[0]).toMatchObject({ credits: 5, siteCreditsAfter: 9 });
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 0, creditsCharged: 0, sitesSuspended: 0 });
      expect(await siteOf(portal, partner, poor.id)).toMatchObject({ status: "ACTIVE", credits: 9 });
    });

    it("does not charge a site for a month that ended before it was created", async () => {
      const s = await site(partner, { credits: 30, usage: { users: 0, devices: 4 } });
      expect((await run(portal, "2026-10")).data.runMonthlyBilling).toEqual({ month: "2026-10", sitesCharged: 0, creditsCharged: 0, sitesSuspended: 0, userErrors: [] });
      expect((await run(portal, "2020-01")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 0, sitesSuspended: 0 });
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ credits: 30, status: "ACTIVE" });
      // The month it was created in is due in full.
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 1, creditsCharged: 4 });
    });

    it("neither charges nor suspends, for a month before it existed, a site that could not pay", async () => {
      const s = await site(partner, { credits: 1, usage: { users: 0, devices: 4 } });
      expect((await run(portal, "2026-10")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 0, sitesSuspended: 0 });
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ credits: 1, status: "ACTIVE" });
    });

    it("charges no deleted site", async () => {
      const gone = await portal.given.site(partner, { credits: 50, usage: { users: 0, devices: 5 } });
      await portal.gql(ops.deleteSite, { input: { id: gone.id } }, { token: partner.master.token });
      expect((await run(portal, "2026-11")).data.runMonthlyBilling).toMatchObject({ sitesCharged: 0, sitesSuspended: 0 });
      expect(await ledgerRows(portal, "kind = 'MONTHLY_CHARGE' AND site_id = ?", [gone.id])).toHaveLength(0);
    });

    it.each([["2026-13"], ["next month"], ["2026-1"], ["26-11"], [""], ["2026-11-01"], ["2026-12"], ["2030-01"]])(
      "refuses the month %p with a userError and charges nobody",
      async (month) => {
        const s = await site(partner, { credits: 30, usage: { users: 0, devices: 3 } });
        const before = await stateOf(portal, partner.id);
        const response = await run(portal, month);
        expect(response.data.runMonthlyBilling).toEqual({
          month: null,
          sitesCharged: 0,
          creditsCharged: 0,
          sitesSuspended: 0,
          userErrors: [{ code: "INVALID_MONTH", field: ["input", "month"], message: expect.any(String) }],
        });
        expect(await stateOf(portal, partner.id)).toEqual(before);
        expect((await siteOf(portal, partner, s.id)).credits).toBe(30);
      },
    );
  });

  describe("the daily scheduler", () => {
    it("bills the current month, and its next day's run charges nobody again", async () => {
      const s = await site(partner, { credits: 20, usage: { users: 0, devices: 8 } });
      const logged: string[] = [];
      const scheduler = new BillingScheduler(portal.services.billing, portal.services.audit, portal.clock, { info: (line: string) => logged.push(line), error: (...args: unknown[]) => logged.push(args.join(" ")) });
      await scheduler.runOnce();
      expect(await siteOf(portal, partner, s.id)).toMatchObject({ credits: 12 });
      expect(logged).toEqual(["[billing] 2026-11: 1 sites charged 8 credits, 0 suspended"]);
      portal.clock.advanceDays(1);
      await scheduler.runOnce();
      expect((await siteOf(portal, partner, s.id)).credits).toBe(12);
      expect(logged[1]).toBe("[billing] 2026-11: 0 sites charged 0 credits, 0 suspended");
    });
  });
});

describe("prices from the configuration", () => {
  let portal: Portal;
  let partner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start({ PRICE_CREDITS_PER_100_USERS: "2" });
    partner = await portal.given.partner({ name: "Priced VAR" });
  });
  afterAll(() => portal.stop());

  it.each([
    [0, 0, 0],
    [1, 0, 2],
    [100, 0, 2],
    [101, 0, 4],
    [150, 10, 14],
    [1_000, 3, 23],
  ])("with PRICE_CREDITS_PER_100_USERS=2, %p users and %p devices cost %p credits a month", async (users, devices, cost) => {
    const s = await portal.given.site(partner, {});
    const response = await portal.platform(ops.reportSiteUsage, { input: { siteId: s.id, userCount: users, deviceCount: devices } });
    expect(response.data.reportSiteUsage.site.monthlyCost).toBe(cost);
  });

  it("bills that cost", async () => {
    const s = await portal.given.site(partner, { credits: 100, usage: { users: 250, devices: 4 } });
    const month = portal.clock.now().toISOString().slice(0, 7);
    const response = await portal.platform(ops.runMonthlyBilling, { input: { month } });
    // Every site of this portal is billed: the ones above cost 0+2+2+4+14+23, this one 4 + 3×2.
    expect(response.data.runMonthlyBilling).toMatchObject({ sitesCharged: 1, creditsCharged: 10, sitesSuspended: 5 });
    expect((await portal.gql(ops.site, { id: s.id }, { token: partner.master.token })).data.site.credits).toBe(90);
  });
});
