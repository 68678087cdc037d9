import { AdminRole } from "../../server/roles";
import type { GivenPartner, Session } from "../support/given";
import { Portal } from "../support/harness";
import { ops } from "../support/operations";

/**
 * Low-credit warnings: when a site's credits will run out within 30 days, and again within 3 days,
 * the partner's Operators, Administrators and Masters get one email per threshold and site.
 */
describe("low-credit warnings", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let observer: Session;
  let operator: Session;
  let administrator: Session;
  let removedOperator: Session;
  let otherPartner: GivenPartner;
  let sites = 0;

  beforeAll(async () => {
    portal = await Portal.start();
    portal.clock.moveTo("2026-12-05T12:00:00.000Z");
    partner = await portal.given.partner({ name: "Warned VAR" });
    observer = await portal.given.admin(partner, AdminRole.OBSERVER);
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    administrator = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
    removedOperator = await portal.given.admin(partner, AdminRole.OPERATOR);
    const removed = await portal.gql(`mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId } }`, { input: { adminId: removedOperator.id } }, { token: partner.master.token });
    expect(removed.data.removeAdmin.removedAdminId).toBe(removedOperator.id);
    otherPartner = await portal.given.partner({ name: "Unrelated VAR" });
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  /** Moves the clock, and signs everyone in again (sessions last 8 hours). */
  async function at(time: string) {
    portal.clock.moveTo(time);
    for (const session of [partner.master, operator, administrator, otherPartner.master]) await portal.given.logIn(session);
  }
  const billing = (month: string) => portal.platform(ops.runMonthlyBilling, { input: { month } });
  /** Who got which warnings about this site, once the outbox has sent everything. */
  async function warnings(siteName: string): Promise<Record<string, string[]>> {
    await portal.mailSettled();
    const got: Record<string, string[]> = {};
    for (const mail of portal.mail.mails.filter((m) => m.subject.startsWith(`${siteName} runs out of credits`))) {
      (got[mail.to] ??= []).push(mail.subject.replace(`${siteName} runs out of credits `, ""));
    }
    return got;
  }
  const everyoneWarned = (...thresholds: string[]) => ({
    [partner.master.email]: thresholds,
    [operator.email]: thresholds,
    [administrator.email]: thresholds,
  });

  // In time order: the clock only moves forward through the file.
  it("mails no Observer, no removed admin and nobody of another partner", async () => {
    await at("2026-12-06T12:00:00.000Z");
    const name = `Recipients ${++sites}`;
    await portal.given.site(partner, { name, usage: { users: 0, devices: 1 } });
    const got = await warnings(name);
    expect(Object.keys(got).sort()).toEqual([partner.master.email, operator.email, administrator.email].sort());
    for (const outsider of [observer.email, removedOperator.email, otherPartner.master.email]) expect(portal.mail.to(outsider).filter((m) => m.subject.includes("runs out of credits"))).toEqual([]);
  });

  it("warns again after credits were topped up and run low once more, and not for a top-up that does not reach past 30 days", async () => {
    await at("2026-12-07T12:00:00.000Z");
    const name = `Topped ${++sites}`;
    // 4 credits pay December, not yet billed for the site: they run out on 1 January.
    const site = await portal.given.site(partner, { name, credits: 4, usage: { users: 0, devices: 4 } });
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days"));

    // Two months of credits: the run-out moves to 1 March, out of reach; then back down.
    await portal.given.credits(partner, 8);
    await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 8 } }, { token: operator.token });
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days"));
    await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 8 } }, { token: operator.token });
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days", "within 30 days"));

    // One credit does not pay a month: still within 30 days, no new email.
    await portal.given.credits(partner, 1);
    await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: operator.token });
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days", "within 30 days"));
  });

  it("does not warn about a site that costs nothing or has credits for months", async () => {
    await at("2026-12-08T12:00:00.000Z");
    const free = `Free ${++sites}`;
    const rich = `Rich ${++sites}`;
    await portal.given.site(partner, { name: free, credits: 1 });
    await portal.given.site(partner, { name: rich, credits: 100, usage: { users: 0, devices: 10 } });
    await billing("2026-12");
    expect(await warnings(free)).toEqual({});
    expect(await warnings(rich)).toEqual({});
  });

  it("warns the Operators and above once at 30 days and once more at 3 days, however often billing runs", async () => {
    await at("2026-12-09T12:00:00.000Z");
    const name = `Runway ${++sites}`;
    // 10 credits at 5 a month pay December and January: they run out on 1 February, out of reach.
    const site = await portal.given.site(partner, { name, credits: 10, usage: { users: 0, devices: 5 } });
    expect(await warnings(name)).toEqual({});
    // At 10 a month they pay December only, not yet charged: they run out on 1 January.
    await portal.given.usage(site.id, { users: 0, devices: 10 });
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days"));

    // Charging December does not move the run-out date, so nobody is mailed again.
    expect((await billing("2026-12")).data.runMonthlyBilling.sitesCharged).toBeGreaterThanOrEqual(1);
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days"));
    const mail = portal.mail.mails.find((m) => m.to === operator.email && m.subject.startsWith(name))!;
    expect(mail.text).toContain("has 10 credits left and consumes 10 credits a month");
    expect(mail.link).toContain(`/sites/${site.id}`);

    // The daily run, and the same usage reported again, mail nothing new.
    await billing("2026-12");
    await portal.given.usage(site.id, { users: 0, devices: 10 });
    portal.clock.advanceDays(1);
    await billing("2026-12");
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days"));

    // 29 December, noon: two and a half days left.
    await at("2026-12-29T12:00:00.000Z");
    await billing("2026-12");
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days", "within 3 days"));
    await billing("2026-12");
    portal.clock.advance(3600_000);
    await billing("2026-12");
    expect(await warnings(name)).toEqual(everyoneWarned("within 30 days", "within 3 days"));
  });

  it("sends only the 3-day warning for a site first found within 3 days", async () => {
    await at("2026-12-30T12:00:00.000Z");
    const name = `Sudden ${++sites}`;
    const site = await portal.given.site(partner, { name, credits: 2 });
    await portal.given.usage(site.id, { users: 0, devices: 3 });
    expect(await warnings(name)).toEqual(everyoneWarned("within 3 days"));
  });
});
