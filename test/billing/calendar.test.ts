import type { GivenPartner } from "../support/given";
import { Portal } from "../support/harness";
import { ops } from "../support/operations";

/**
 * Run-out dates, the "needs credits within N days" filter and the low-credit warnings are right
 * on every day of the month: each site keeps the last month billed for it, so on the 1st, before
 * the month is billed, that month's charge is still to come.
 */
describe("the calendar of a site's credits", () => {
  let portal: Portal;
  let partner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start({ JWT_TTL_SECONDS: String(30 * 24 * 3600) });
    // The 1st of March at 08:00 UTC, before the daily billing run has charged March.
    portal.clock.moveTo("2027-03-01T08:00:00.000Z");
    partner = await portal.given.partner({ name: "Calendar VAR" });
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const siteNow = async (id: string) => (await portal.gql(ops.site, { id }, { token: partner.master.token })).data.site;
  const billing = (month: string) => portal.platform(ops.runMonthlyBilling, { input: { month } });
  type Listed = { name: string; creditsRunOutOn: string | null };
  const needingCreditsSites = async (days: number): Promise<Listed[]> =>
    (await portal.gql(ops.sites, { needsCreditsWithinDays: days, first: 100 }, { token: partner.master.token })).data.sites.edges.map((e: { node: Listed }) => e.node);
  const needingCredits = async (days: number) => (await needingCreditsSites(days)).map((s) => s.name);
  const warnings = async (name: string) => {
    await portal.mailSettled();
    return portal.mail.to(partner.master.email).filter((m) => m.subject.startsWith(`${name} runs out of credits`)).map((m) => m.subject);
  };

  describe("on the 1st, before the month is billed", () => {
    it("dates the run-out at this month's billing for a site that cannot pay it, lists it as needing credits and warns at once", async () => {
      const site = await portal.given.site(partner, { name: "Short", credits: 1, usage: { users: 0, devices: 5 } });
      expect((await siteNow(site.id)).creditsRunOutOn).toBe("2027-03-01T00:00:00.000Z");
      expect(await needingCredits(0)).toContain("Short");
      expect(await warnings("Short")).toEqual(["Short runs out of credits within 3 days"]);

      // Billing March suspends it: a suspended site has no run-out date, and still needs credits.
      expect((await billing("2027-03")).data.runMonthlyBilling.sitesSuspended).toBe(1);
      expect(await siteNow(site.id)).toMatchObject({ status: "SUSPENDED", creditsRunOutOn: null });
      expect(await needingCredits(0)).toContain("Short");
    });

    it("counts this month's charge among those the credits pay", async () => {
      // 12 credits at 5 a month pay March and April: they run out on 1 May, 61 days away.
      const site = await portal.given.site(partner, { name: "Two months", credits: 12, usage: { users: 0, devices: 5 } });
      expect((await siteNow(site.id)).creditsRunOutOn).toBe("2027-05-01T00:00:00.000Z");
      expect(await needingCredits(60)).not.toContain("Two months");
      expect(await needingCredits(61)).toContain("Two months");
    });
  });

  it("keeps the same run-out date on every day of the month, whether or not the month is billed yet", async () => {
    portal.clock.moveTo("2027-04-01T06:00:00.000Z");
    await portal.given.logIn(partner.master);
    // 20 credits at 5 a month pay April to July: they run out on 1 August.
    const site = await portal.given.site(partner, { name: "Steady", credits: 20, usage: { users: 0, devices: 5 } });
    const seen = new Set<string>();
    for (let day = 1; day <= 30; day++) {
      portal.clock.moveTo(new Date(Date.UTC(2027, 3, day, 6)));
      seen.add((await siteNow(site.id)).creditsRunOutOn);
      // The daily run bills April on the 3rd here, as it would after an outage on the 1st and 2nd.
      if (day === 3) expect((await billing("2027-04")).data.runMonthlyBilling.sitesCharged).toBeGreaterThanOrEqual(1);
      seen.add((await siteNow(site.id)).creditsRunOutOn);
    }
    // 1 May, before May is billed: still the same date.
    portal.clock.moveTo("2027-05-01T00:30:00.000Z");
    await portal.given.logIn(partner.master);
    seen.add((await siteNow(site.id)).creditsRunOutOn);
    expect([...seen]).toEqual(["2027-08-01T00:00:00.000Z"]);
    expect((await siteNow(site.id)).credits).toBe(15);
  });

  it("warns 30 days ahead counting from the last month billed, on the 1st as on any other day", async () => {
    portal.clock.moveTo("2027-06-01T06:00:00.000Z");
    await portal.given.logIn(partner.master);
    // 7 credits at 5 a month pay June only: they run out on 1 July, 29.75 days away.
    await portal.given.site(partner, { name: "June only", credits: 7, usage: { users: 0, devices: 5 } });
    expect(await warnings("June only")).toEqual(["June only runs out of credits within 30 days"]);
    expect((await needingCreditsSites(30)).find((s) => s.name === "June only")).toEqual(expect.objectContaining({ creditsRunOutOn: "2027-07-01T00:00:00.000Z" }));
    expect(await needingCredits(29)).not.toContain("June only");
  });
});
