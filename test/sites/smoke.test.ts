import { AdminRole } from "../../server/roles";
import { Portal } from "../support/harness";

describe("sites and credits, end to end", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await Portal.start();
  });
  afterAll(() => portal.stop());

  it("creates a site with credits from the pool, bills it, and lists it", async () => {
    const partner = await portal.given.partner();
    const grant = await portal.platform(`mutation($i: GrantCreditsInput!) { grantCredits(input: $i) { partner { unallocatedCredits } userErrors { code } } }`, {
      i: { partnerId: partner.id, credits: 100, reference: "PO-1" },
    });
    expect(grant.data.grantCredits).toEqual({ partner: { unallocatedCredits: 100 }, userErrors: [] });
    const operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    const created = await portal.gql(
      `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id name credits country timeZone administrators { email status } } partner { unallocatedCredits } userErrors { code field message } } }`,
      { i: { name: "HQ", country: "es", timeZone: "Europe/Madrid", administratorEmail: "boss@customer.example", credits: 30 } },
      { token: operator.token },
    );
    expect(created.errors).toBeUndefined();
    const site = created.data.createSite.site;
    expect(site).toMatchObject({ name: "HQ", credits: 30, country: "ES", administrators: [{ email: "boss@customer.example", status: "PENDING" }] });
    expect(created.data.createSite.partner.unallocatedCredits).toBe(70);
    const usage = await portal.platform(`mutation($i: ReportSiteUsageInput!) { reportSiteUsage(input: $i) { site { monthlyCost creditsRunOutOn } userErrors { code } } }`, {
      i: { siteId: site.id, userCount: 150, deviceCount: 10 },
    });
    expect(usage.data.reportSiteUsage.site.monthlyCost).toBe(10);
    const month = portal.clock.now().toISOString().slice(0, 7);
    const run = `mutation($i: RunMonthlyBillingInput!) { runMonthlyBilling(input: $i) { month sitesCharged creditsCharged sitesSuspended userErrors { code } } }`;
    const [a, b] = await Promise.all([portal.platform(run, { i: { month } }), portal.platform(run, { i: { month } })]);
    expect(a.data.runMonthlyBilling.sitesCharged + b.data.runMonthlyBilling.sitesCharged).toBe(1);
    const list = await portal.gql(`{ sites(first: 10) { totalCount nodes { name credits monthlyCost } } creditTransactions { totalCount nodes { kind credits siteName actor { email } } } }`, {}, { token: operator.token });
    expect(list.errors).toBeUndefined();
    expect(list.data.sites.nodes).toEqual([{ name: "HQ", credits: 20, monthlyCost: 10 }]);
    expect(list.data.creditTransactions.nodes.map((t: { kind: string }) => t.kind)).toEqual(["MONTHLY_CHARGE", "ALLOCATION", "PURCHASE"]);
    const csv = await fetch(`${portal.url}/exports/credit-history.csv`, { headers: { authorization: `Bearer ${operator.token}` } });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split("\n")[0]).toContain("createdAt,kind,credits");
    const deleted = await portal.gql(`mutation($i: DeleteSiteInput!) { deleteSite(input: $i) { deletedSiteId partner { unallocatedCredits } userErrors { code } } }`, { i: { id: site.id } }, { token: partner.master.token });
    expect(deleted.data.deleteSite.partner.unallocatedCredits).toBe(90);
    expect(portal.errorsLogged).toEqual([]);
  });
});
