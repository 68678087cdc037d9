import { randomUUID } from "node:crypto";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, Session } from "../support/given";
import { uniqueEmail } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { stateOf } from "../support/ledger";
import { codes, ops } from "../support/operations";

const dayMs = 24 * 3600 * 1000;

describe("sites: create, read, update and delete", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let operator: Session;
  let administrator: Session;
  let otherPartner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Sites VAR" });
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    administrator = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
    otherPartner = await portal.given.partner({ name: "Other VAR" });
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const asOperator = (query: string, variables: Record<string, unknown>) => portal.gql(query, variables, { token: operator.token });
  const siteInput = (overrides: Record<string, unknown> = {}) => ({
    name: "Warehouse",
    country: "ES",
    timeZone: "Europe/Madrid",
    administratorEmail: uniqueEmail("customer"),
    ...overrides,
  });

  describe("as an Operator", () => {
    describe("createSite", () => {
      it("creates an ACTIVE site, takes its initial credits from the pool and records the allocation", async () => {
        const pool = await portal.given.credits(partner, 100);
        const input = siteInput({ name: "  Head Office  ", country: "pt", timeZone: "Europe/Lisbon", notes: "Gate code 1234", credits: 30 });
        const response = await asOperator(ops.createSite, { input });

        expect(response.errors).toBeUndefined();
        const { site, partner: after, userErrors } = response.data.createSite;
        expect(userErrors).toEqual([]);
        expect(site).toMatchObject({
          name: "Head Office",
          country: "PT",
          timeZone: "Europe/Lisbon",
          notes: "Gate code 1234",
          status: "ACTIVE",
          credits: 30,
          monthlyCost: 0,
          userCount: 0,
          deviceCount: 0,
          creditsRunOutOn: null,
        });
        expect(after.unallocatedCredits).toBe(pool - 30);

        const history = await asOperator(ops.creditTransactions, { siteId: site.id });
        expect(history.data.creditTransactions.nodes).toHaveLength(1);
        expect(history.data.creditTransactions.edges[0].node).toMatchObject({
          kind: "ALLOCATION",
          credits: 30,
          site: { id: site.id, name: "Head Office" },
          siteName: "Head Office",
          unallocatedCreditsAfter: pool - 30,
          siteCreditsAfter: 30,
          actor: { id: operator.id, email: operator.email },
        });
      });

      it("invites the first administrator: PENDING for 7 days, and an email with the link arrives", async () => {
        const input = siteInput({ name: "Clinic", administratorEmail: "Front.Desk@Customer.example" });
        const response = await asOperator(ops.createSite, { input });
        const site = response.data.createSite.site;

        expect(site.administrators).toHaveLength(1);
        const [invited] = site.administrators;
        expect(invited).toMatchObject({ email: "front.desk@customer.example", status: "PENDING" });
        expect(new Date(invited.expiresAt).getTime() - new Date(invited.invitedAt).getTime()).toBe(7 * dayMs);

        const mail = await portal.mail.waitFor("front.desk@customer.example");
        expect(mail.subject).toContain("Clinic");
        expect(mail.text).toContain(partner.name);
        expect(mail.link).toMatch(/\/site-invitation\?token=[\w-]{20,}$/);
      });

      it("creates a site with no credits and leaves the pool alone when none are asked for", async () => {
        const before = await stateOf(portal, partner.id);
        const response = await asOperator(ops.createSite, { input: siteInput({ name: "Kiosk" }) });
        expect(response.data.createSite.site).toMatchObject({ name: "Kiosk", credits: 0, status: "ACTIVE" });
        const after = await stateOf(portal, partner.id);
        expect(after.pool).toBe(before.pool);
        expect(after.ledgerRows).toBe(before.ledgerRows);
        expect(after.sites).toHaveLength(before.sites.length + 1);
      });

      const refusals: Array<[string, Record<string, unknown>, string, string]> = [
        ["an unknown country", { country: "XX" }, "INVALID_COUNTRY", "country"],
        ["a country name instead of its code", { country: "Spain" }, "INVALID_COUNTRY", "country"],
        ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }, "INVALID_TIME_ZONE", "timeZone"],
        ["a UTC offset instead of a time zone name", { timeZone: "+02:00" }, "INVALID_TIME_ZONE", "timeZone"],
        ["an empty name", { name: "" }, "INVALID_NAME", "name"],
        ["a name of spaces only", { name: "    " }, "INVALID_NAME", "name"],
        ["a 10,000-character name", { name: "n".repeat(10_000) }, "INVALID_NAME", "name"],
        ["10,000-character notes", { notes: "n".repeat(10_000) }, "INVALID_NOTES", "notes"],
        ["an administrator email that is not an address", { administratorEmail: "not-an-email" }, "INVALID_EMAIL", "administratorEmail"],
        ["negative initial credits", { credits: -5 }, "INVALID_CREDITS", "credits"],
        ["a huge number of initial credits", { credits: 2_147_483_647 }, "INVALID_CREDITS", "credits"],
        ["more initial credits than the pool holds", { credits: 1_000_000 }, "INSUFFICIENT_CREDITS", "credits"],
      ];
      it.each(refusals)("refuses %s and creates nothing: no site, no credit moved, no email", async (_case, overrides, code, field) => {
        await portal.given.credits(partner, 10);
        const before = await stateOf(portal, partner.id);
        const response = await asOperator(ops.createSite, { input: siteInput(overrides) });

        expect(response.errors).toBeUndefined();
        expect(response.data.createSite.site).toBeNull();
        expect(response.data.createSite.userErrors).toEqual([{ code, field: ["input", field], message: expect.any(String) }]);
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });

      it("refuses fractional credits at the GraphQL layer and creates nothing", async () => {
        const before = await stateOf(portal, partner.id);
        const response = await asOperator(ops.createSite, { input: siteInput({ credits: 1.5 }) });
        expect(outcome(response)).toBe("BAD_USER_INPUT");
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });

      it("refuses credits beyond a 32-bit integer at the GraphQL layer and creates nothing", async () => {
        const before = await stateOf(portal, partner.id);
        const response = await asOperator(ops.createSite, { input: siteInput({ credits: 2 ** 31 }) });
        expect(outcome(response)).toBe("BAD_USER_INPUT");
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });
    });

    describe("site(id)", () => {
      it("returns the partner's site with what was stored", async () => {
        const created = await portal.given.site(partner, { name: "Depot", country: "FR", timeZone: "Europe/Paris", notes: "Night shift", credits: 12 });
        const response = await asOperator(ops.site, { id: created.id });
        expect(response.data.site).toMatchObject({
          id: created.id,
          name: "Depot",
          country: "FR",
          timeZone: "Europe/Paris",
          notes: "Night shift",
          status: "ACTIVE",
          credits: 12,
          administrators: [{ email: created.administratorEmail, status: "PENDING" }],
        });
      });

      it("returns null for a random id and for another partner's site alike", async () => {
        const theirs = await portal.given.site(otherPartner, { name: "Their site" });
        const random = await asOperator(ops.site, { id: randomUUID() });
        const foreign = await asOperator(ops.site, { id: theirs.id });
        expect(random).toMatchObject({ data: { site: null } });
        expect(random.errors).toBeUndefined();
        expect(foreign.data).toEqual(random.data);
        expect(foreign.errors).toBeUndefined();
      });
    });

    describe("updateSite", () => {
      it("changes name, country, time zone and notes, and moves updatedAt", async () => {
        const created = await portal.given.site(partner, { name: "Old name", notes: "old notes" });
        const before = (await asOperator(ops.site, { id: created.id })).data.site;
        portal.clock.advance(60_000);
        const response = await asOperator(ops.updateSite, { input: { id: created.id, name: " New name ", country: "de", timeZone: "Europe/Berlin", notes: "" } });

        expect(response.data.updateSite.userErrors).toEqual([]);
        expect(response.data.updateSite.site).toMatchObject({ name: "New name", country: "DE", timeZone: "Europe/Berlin", notes: "" });
        const stored = (await asOperator(ops.site, { id: created.id })).data.site;
        expect(stored).toMatchObject({ name: "New name", country: "DE", timeZone: "Europe/Berlin", notes: "", createdAt: before.createdAt });
        expect(new Date(stored.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(before.updatedAt).getTime() + 60_000);
      });

      it("leaves the fields it is not given as they were", async () => {
        const created = await portal.given.site(partner, { name: "Keep me", country: "IT", timeZone: "Europe/Rome", notes: "keep" });
        const response = await asOperator(ops.updateSite, { input: { id: created.id, notes: "changed" } });
        expect(response.data.updateSite.site).toMatchObject({ name: "Keep me", country: "IT", timeZone: "Europe/Rome", notes: "changed" });
      });

      const refusals: Array<[string, Record<string, unknown>, string, string]> = [
        ["an unknown country", { country: "ZZ" }, "INVALID_COUNTRY", "country"],
        ["an unknown time zone", { timeZone: "Europe/Atlantis" }, "INVALID_TIME_ZONE", "timeZone"],
        ["an empty name", { name: "" }, "INVALID_NAME", "name"],
        ["a 10,000-character name", { name: "n".repeat(10_000) }, "INVALID_NAME", "name"],
        ["10,000-character notes", { notes: "n".repeat(10_000) }, "INVALID_NOTES", "notes"],
      ];
      it.each(refusals)("refuses %s and leaves every field of the site unchanged", async (_case, overrides, code, field) => {
        const created = await portal.given.site(partner, { name: "Stable", notes: "stable notes" });
        const before = await stateOf(portal, partner.id);
        const response = await asOperator(ops.updateSite, { input: { id: created.id, name: "Would change", notes: "would change", ...overrides } });
        expect(response.data.updateSite).toMatchObject({ site: null, userErrors: [{ code, field: ["input", field] }] });
        expect(await stateOf(portal, partner.id)).toEqual(before);
        expect((await asOperator(ops.site, { id: created.id })).data.site).toMatchObject({ name: "Stable", notes: "stable notes" });
      });

      it("answers NOT_FOUND for another partner's site exactly as for a random id, and changes neither", async () => {
        const theirs = await portal.given.site(otherPartner, { name: "Not yours" });
        const before = await stateOf(portal, otherPartner.id);
        const foreign = await asOperator(ops.updateSite, { input: { id: theirs.id, name: "Taken over" } });
        const random = await asOperator(ops.updateSite, { input: { id: randomUUID(), name: "Taken over" } });
        expect(foreign.data.updateSite).toEqual({ site: null, userErrors: [{ code: "NOT_FOUND", field: ["input", "id"], message: expect.any(String) }] });
        expect(foreign.data).toEqual(random.data);
        expect(await stateOf(portal, otherPartner.id)).toEqual(before);
      });
    });
  });

  describe("as an Administrator", () => {
    describe("deleteSite", () => {
      it("soft-deletes a site: gone from the list and from site(id), its credits back in the pool as a RECLAIM", async () => {
        const created = await portal.given.site(partner, { name: "Closing down", credits: 25 });
        const before = await stateOf(portal, partner.id);
        portal.clock.advance(1000);

        const response = await portal.gql(ops.deleteSite, { input: { id: created.id } }, { token: administrator.token });
        expect(response.data.deleteSite).toEqual({ deletedSiteId: created.id, partner: { unallocatedCredits: before.pool + 25 }, userErrors: [] });

        expect((await asOperator(ops.site, { id: created.id })).data.site).toBeNull();
        const list = await asOperator(ops.sites, { first: 100 });
        expect(list.data.sites.nodes.map((s: { id: string }) => s.id)).not.toContain(created.id);
        expect(list.data.sites.totalCount).toBe(before.sites.filter((s) => !s.deleted).length - 1);

        const history = await asOperator(ops.creditTransactions, { siteId: created.id });
        const [reclaim, allocation] = history.data.creditTransactions.edges.map((e: { node: unknown }) => e.node);
        expect(reclaim).toMatchObject({
          kind: "RECLAIM",
          credits: 25,
          site: null,
          siteName: "Closing down",
          unallocatedCreditsAfter: before.pool + 25,
          siteCreditsAfter: 0,
          actor: { id: administrator.id },
        });
        expect(allocation).toMatchObject({ kind: "ALLOCATION", credits: 25, site: null, siteName: "Closing down" });

        const after = await stateOf(portal, partner.id);
        expect(after.ledgerRows).toBe(before.ledgerRows + 1);
        expect(after.sites.find((s) => s.id === created.id)).toMatchObject({ deleted: true, credits: 0, name: "Closing down" });
      });

      it("deletes a site without credits without writing a ledger row", async () => {
        const created = await portal.given.site(partner, { name: "Empty" });
        const before = await stateOf(portal, partner.id);
        const response = await portal.gql(ops.deleteSite, { input: { id: created.id } }, { token: administrator.token });
        expect(response.data.deleteSite).toMatchObject({ deletedSiteId: created.id, userErrors: [] });
        const after = await stateOf(portal, partner.id);
        expect(after.ledgerRows).toBe(before.ledgerRows);
        expect(after.pool).toBe(before.pool);
      });

      it("answers NOT_FOUND for a site already deleted, and nothing moves twice", async () => {
        const created = await portal.given.site(partner, { credits: 5 });
        await portal.gql(ops.deleteSite, { input: { id: created.id } }, { token: administrator.token });
        const before = await stateOf(portal, partner.id);
        const again = await portal.gql(ops.deleteSite, { input: { id: created.id } }, { token: administrator.token });
        expect(again.data.deleteSite).toMatchObject({ deletedSiteId: null, userErrors: [{ code: "NOT_FOUND", field: ["input", "id"] }] });
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });

      it("cannot update a deleted site", async () => {
        const created = await portal.given.site(partner);
        await portal.gql(ops.deleteSite, { input: { id: created.id } }, { token: administrator.token });
        const response = await asOperator(ops.updateSite, { input: { id: created.id, name: "Back from the dead" } });
        expect(codes(response.data.updateSite)).toEqual(["NOT_FOUND"]);
      });

      it("answers NOT_FOUND for another partner's site exactly as for a random id, and deletes nothing", async () => {
        const theirs = await portal.given.site(otherPartner, { credits: 7 });
        const before = await stateOf(portal, otherPartner.id);
        const foreign = await portal.gql(ops.deleteSite, { input: { id: theirs.id } }, { token: administrator.token });
        const random = await portal.gql(ops.deleteSite, { input: { id: randomUUID() } }, { token: administrator.token });
        expect(foreign.data.deleteSite).toEqual({ deletedSiteId: null, partner: null, userErrors: [{ code: "NOT_FOUND", field: ["input", "id"], message: expect.any(String) }] });
        expect(foreign.data).toEqual(random.data);
        expect(await stateOf(portal, otherPartner.id)).toEqual(before);
        expect((await portal.gql(ops.site, { id: theirs.id }, { token: otherPartner.master.token })).data.site).toMatchObject({ credits: 7 });
      });
    });
  });
});
