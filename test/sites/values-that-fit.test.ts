import { type GivenPartner, type GivenSite } from "../support/given";
import { Portal } from "../support/harness";
import { stateOf } from "../support/ledger";
import { ops } from "../support/operations";

const int32Max = 2_147_483_647;

describe("values the API can always return", () => {
  describe("with a price of 1000 credits per device", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let site: GivenSite;

    beforeAll(async () => {
      portal = await Portal.start({ PRICE_CREDITS_PER_DEVICE: "1000", PRICE_CREDITS_PER_100_USERS: "1000000" });
      partner = await portal.given.partner();
      site = await portal.given.site(partner, { name: "Big customer", credits: 50, usage: { users: 0, devices: 2 } });
    });
    afterAll(() => portal.stop());

    it.each([
      ["3,000,000 devices", { userCount: 0, deviceCount: 3_000_000 }],
      ["10,000,000 devices", { userCount: 0, deviceCount: 10_000_000 }],
      ["10,000,000 users at 1,000,000 per hundred", { userCount: 10_000_000, deviceCount: 0 }],
    ])("a report of %s, whose monthly cost would not fit, is refused with COST_TOO_HIGH and changes nothing", async (_what, usage) => {
      const before = await stateOf(portal, partner.id);

      const response = await portal.platform(ops.reportSiteUsage, { input: { siteId: site.id, ...usage } });

      expect(response.errors).toBeUndefined();
      expect(response.data.reportSiteUsage).toMatchObject({ site: null, userErrors: [{ code: "COST_TOO_HIGH", field: null }] });
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });

    it("the partner's sites query still answers, with the last cost that fit", async () => {
      const response = await portal.gql(ops.sites, { first: 10 }, { token: partner.master.token });

      expect(response.errors).toBeUndefined();
      expect(response.data.sites.edges.map((edge: { node: { name: string; monthlyCost: number } }) => [edge.node.name, edge.node.monthlyCost])).toEqual([["Big customer", 2000]]);
    });

    it("a report whose cost is just at the limit is taken", async () => {
      const response = await portal.platform(ops.reportSiteUsage, { input: { siteId: site.id, userCount: 0, deviceCount: 2_000_000 } });

      expect(response.data.reportSiteUsage.userErrors).toEqual([]);
      expect(response.data.reportSiteUsage.site.monthlyCost).toBe(2_000_000_000);
    });
  });

  describe("credits", () => {
    let portal: Portal;
    let partner: GivenPartner;

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner();
    });
    afterAll(() => portal.stop());

    it("a grant that would push the pool past 2^31 - 1 is refused with BALANCE_LIMIT, and the pool stays", async () => {
      await portal.given.credits(partner, 1_000_000_000);
      await portal.given.credits(partner, 1_000_000_000);

      const response = await portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits: int32Max - 2_000_000_000 + 1, reference: "PO-overflow" } });

      expect(response.data.grantCredits).toMatchObject({ partner: null, userErrors: [{ code: "BALANCE_LIMIT" }] });
      expect((await stateOf(portal, partner.id)).pool).toBe(2_000_000_000);
      const read = await portal.gql(ops.partner, {}, { token: partner.master.token });
      expect(read.data.partner.unallocatedCredits).toBe(2_000_000_000);
    });
  });
});
