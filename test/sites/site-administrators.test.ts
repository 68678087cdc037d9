import { randomUUID } from "node:crypto";
import { AdminRole } from "../../server/roles";
import { SiteAdministrator } from "../../server/sites/site-administrator.entity";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { uniqueEmail } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { siteRow, stateOf } from "../support/ledger";
import { codes, ops } from "../support/operations";

const dayMs = 24 * 3600 * 1000;

describe("site administrators: the customer's people invited to run a site", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let operator: Session;
  let otherPartner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Invites VAR" });
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    otherPartner = await portal.given.partner();
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  /** The token of the newest site invitation link mailed to this address. */
  async function linkToken(email: string, after = 0): Promise<string> {
    const mail = await portal.mail.waitFor(email, (m) => !!m.link?.includes("/site-invitation?token=") && portal.mail.mails.indexOf(m) >= after);
    return new URL(mail.link!).searchParams.get("token")!;
  }
  const administrators = async (site: GivenSite) =>
    (await portal.gql(ops.site, { id: site.id }, { token: operator.token })).data.site.administrators as Array<{ email: string; status: string; invitedAt: string; expiresAt: string }>;
  /** Moves the clock on; sessions expire meanwhile, so everyone signs in again. */
  async function travel(ms: number) {
    portal.clock.advance(ms);
    for (const session of [operator, partner.master, otherPartner.master]) await portal.given.logIn(session);
  }
  const accept = (token: string) => portal.gql(ops.acceptSiteAdministratorInvitation, { input: { token } });
  const invite = (siteId: string, email: string) => portal.gql(ops.inviteSiteAdministrator, { input: { siteId, email } }, { token: operator.token });

  describe("anonymous, from the emailed link", () => {
    it("accepts the invitation: the site shows the administrator as ACCEPTED", async () => {
      const site = await portal.given.site(partner, { name: "Harbour" });
      const token = await linkToken(site.administratorEmail);
      const response = await accept(token);
      expect(response.data.acceptSiteAdministratorInvitation).toEqual({ siteName: "Harbour", userErrors: [] });
      expect(await administrators(site)).toEqual([expect.objectContaining({ email: site.administratorEmail, status: "ACCEPTED" })]);
    });

    it("cannot use the same link twice", async () => {
      const site = await portal.given.site(partner);
      const token = await linkToken(site.administratorEmail);
      await accept(token);
      const again = await accept(token);
      expect(again.data.acceptSiteAdministratorInvitation).toMatchObject({ siteName: null, userErrors: [{ code: "INVITATION_INVALID", field: ["input", "token"] }] });
    });

    it("is refused with a token that was never issued", async () => {
      const response = await accept("not-a-real-token-" + randomUUID());
      expect(codes(response.data.acceptSiteAdministratorInvitation)).toEqual(["INVITATION_INVALID"]);
    });

    it("finds the link EXPIRED after 7 days: the site shows EXPIRED and accepting is refused", async () => {
      const site = await portal.given.site(partner);
      const token = await linkToken(site.administratorEmail);
      await travel(7 * dayMs + 60_000);

      expect(await administrators(site)).toEqual([expect.objectContaining({ status: "EXPIRED" })]);
      const response = await accept(token);
      expect(response.data.acceptSiteAdministratorInvitation).toMatchObject({ siteName: null, userErrors: [{ code: "INVITATION_EXPIRED" }] });
      expect(await administrators(site)).toEqual([expect.objectContaining({ status: "EXPIRED" })]);
    });

    it("finds the link REVOKED once the site is deleted: accepting is refused", async () => {
      const site = await portal.given.site(partner);
      const token = await linkToken(site.administratorEmail);
      const deleted = await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
      expect(deleted.data.deleteSite.userErrors).toEqual([]);

      const response = await accept(token);
      expect(codes(response.data.acceptSiteAdministratorInvitation)).toEqual(["INVITATION_INVALID"]);
      // A deleted site is not readable through the API any more; its stored invitation is revoked.
      const stored = await portal.dataSource.getRepository(SiteAdministrator).findOneByOrFail({ siteId: site.id });
      expect(stored.tokenHash).toBeNull();
      expect(portal.services.sites.administratorStatus(stored)).toBe("REVOKED");
    });

    it("keeps an ACCEPTED administrator's state when the site is deleted", async () => {
      const site = await portal.given.site(partner);
      await accept(await linkToken(site.administratorEmail));
      await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
      const [stored] = await portal.dataSource.query("SELECT accepted_at, revoked_at FROM site_administrator WHERE site_id = ?", [site.id]);
      expect(stored.accepted_at).not.toBeNull();
      expect(stored.revoked_at).toBeNull();
    });
  });

  describe("anonymous, previewing the emailed link", () => {
    const preview = async (token: string) =>
      (await portal.gql(`query($token: String!) { siteInvitation(token: $token) { siteName partnerName state expiresAt } }`, { token })).data.siteInvitation;

    it("names the site and the partner of a PENDING link, and nothing for a token never sent", async () => {
      const site = await portal.given.site(partner, { name: "Preview Harbour" });
      const token = await linkToken(site.administratorEmail);
      expect(await preview(token)).toEqual({ siteName: "Preview Harbour", partnerName: "Invites VAR", state: "PENDING", expiresAt: expect.any(String) });
      expect(await preview("not-a-real-token-" + randomUUID())).toBeNull();
      expect(await preview("")).toBeNull();
    });

    it("says whether a link was ACCEPTED, REPLACED by a newer one, REVOKED with its site, or EXPIRED", async () => {
      const used = await portal.given.site(partner);
      const usedToken = await linkToken(used.administratorEmail);
      await accept(usedToken);
      expect((await preview(usedToken)).state).toBe("ACCEPTED");

      const resent = await portal.given.site(partner);
      const firstToken = await linkToken(resent.administratorEmail);
      const mailsBefore = portal.mail.mails.length;
      expect((await invite(resent.id, resent.administratorEmail)).data.inviteSiteAdministrator.userErrors).toEqual([]);
      const secondToken = await linkToken(resent.administratorEmail, mailsBefore);
      expect((await preview(firstToken)).state).toBe("REPLACED");
      expect((await preview(secondToken)).state).toBe("PENDING");

      const deleted = await portal.given.site(partner);
      const deletedToken = await linkToken(deleted.administratorEmail);
      await portal.gql(ops.deleteSite, { input: { id: deleted.id } }, { token: partner.master.token });
      expect((await preview(deletedToken)).state).toBe("REVOKED");

      await travel(7 * dayMs + 60_000);
      expect((await preview(secondToken)).state).toBe("EXPIRED");
    });
  });

  describe("as an Operator", () => {
    it("invites another administrator: PENDING, expiring 7 days later, with an email holding a working link", async () => {
      const site = await portal.given.site(partner, { name: "Library" });
      const email = uniqueEmail("librarian");
      const response = await invite(site.id, email.toUpperCase());

      const invited = response.data.inviteSiteAdministrator;
      expect(invited.userErrors).toEqual([]);
      expect(invited.siteAdministrator).toMatchObject({ email, status: "PENDING" });
      expect(new Date(invited.siteAdministrator.expiresAt).getTime() - new Date(invited.siteAdministrator.invitedAt).getTime()).toBe(7 * dayMs);
      expect((await administrators(site)).map((a) => [a.email, a.status])).toEqual([
        [site.administratorEmail, "PENDING"],
        [email, "PENDING"],
      ]);

      const mail = await portal.mail.waitFor(email);
      expect(mail.subject).toContain("Library");
      expect((await accept(await linkToken(email))).data.acceptSiteAdministratorInvitation.siteName).toBe("Library");
      expect((await administrators(site)).find((a) => a.email === email)?.status).toBe("ACCEPTED");
    });

    it("invites a PENDING administrator again with a new link that voids the old one", async () => {
      const site = await portal.given.site(partner);
      const oldToken = await linkToken(site.administratorEmail);
      const mailsBefore = portal.mail.mails.length;
      portal.clock.advance(5_000);
      const response = await invite(site.id, site.administratorEmail);
      expect(response.data.inviteSiteAdministrator.siteAdministrator.status).toBe("PENDING");

      const newToken = await linkToken(site.administratorEmail, mailsBefore);
      expect(newToken).not.toBe(oldToken);
      expect(await administrators(site)).toHaveLength(1);
      expect(codes((await accept(oldToken)).data.acceptSiteAdministratorInvitation)).toEqual(["INVITATION_INVALID"]);
      expect((await accept(newToken)).data.acceptSiteAdministratorInvitation.userErrors).toEqual([]);
    });

    it("lists a person invited to a site once, however many invitations of them arrive at the same moment", async () => {
      const site = await portal.given.site(partner);
      const email = uniqueEmail("raced");
      const responses = await Promise.all(Array.from({ length: 6 }, () => invite(site.id, email)));

      expect(responses.map((r) => [outcome(r), codes(r.data.inviteSiteAdministrator)])).toEqual(Array.from({ length: 6 }, () => ["OK", []]));
      expect((await administrators(site)).filter((a) => a.email === email)).toHaveLength(1);
      await portal.mailSettled();
    });

    it("brings an EXPIRED invitation back to PENDING with a fresh 7-day link", async () => {
      const site = await portal.given.site(partner);
      await linkToken(site.administratorEmail); // the first link has arrived: the next one is told apart
      await travel(8 * dayMs);
      expect((await administrators(site))[0].status).toBe("EXPIRED");

      const mailsBefore = portal.mail.mails.length;
      await invite(site.id, site.administratorEmail);
      const [again] = await administrators(site);
      expect(again.status).toBe("PENDING");
      expect(new Date(again.expiresAt).getTime()).toBeGreaterThan(portal.clock.now().getTime() + 6 * dayMs);
      expect((await accept(await linkToken(site.administratorEmail, mailsBefore))).data.acceptSiteAdministratorInvitation.userErrors).toEqual([]);
    });

    it("leaves an ACCEPTED administrator ACCEPTED when invited again, and mails no link that cannot work", async () => {
      const site = await portal.given.site(partner);
      await accept(await linkToken(site.administratorEmail));
      await portal.mailSettled();
      const mailsBefore = portal.mail.to(site.administratorEmail).length;

      const response = await invite(site.id, site.administratorEmail);
      expect(response.data.inviteSiteAdministrator).toMatchObject({ siteAdministrator: { status: "ACCEPTED" }, userErrors: [] });
      expect(await administrators(site)).toEqual([expect.objectContaining({ status: "ACCEPTED" })]);
      await portal.mailSettled();
      expect(portal.mail.to(site.administratorEmail)).toHaveLength(mailsBefore);
    });

    const refusals: Array<[string, () => Promise<{ siteId: string; email: string }>, string, string]> = [
      ["an email that is not an address", async () => ({ siteId: (await portal.given.site(partner)).id, email: "nobody at example" }), "INVALID_EMAIL", "email"],
      ["a random site id", async () => ({ siteId: randomUUID(), email: uniqueEmail("x") }), "NOT_FOUND", "siteId"],
      ["another partner's site", async () => ({ siteId: (await portal.given.site(otherPartner)).id, email: uniqueEmail("x") }), "NOT_FOUND", "siteId"],
    ];
    it.each(refusals)("refuses %s and invites nobody", async (_case, input, code, field) => {
      const { siteId, email } = await input();
      const [mine, theirs] = [await stateOf(portal, partner.id), await stateOf(portal, otherPartner.id)];
      const response = await invite(siteId, email);
      expect(response.data.inviteSiteAdministrator).toEqual({ siteAdministrator: null, site: null, userErrors: [{ code, field: ["input", field], message: expect.any(String) }] });
      expect(await stateOf(portal, partner.id)).toEqual(mine);
      expect(await stateOf(portal, otherPartner.id)).toEqual(theirs);
    });

    it("cannot invite anyone to a deleted site", async () => {
      const site = await portal.given.site(partner);
      await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
      const response = await invite(site.id, uniqueEmail("late"));
      expect(codes(response.data.inviteSiteAdministrator)).toEqual(["NOT_FOUND"]);
      expect(await siteRow(portal, site.id)).toMatchObject({ id: site.id });
      const [{ n }] = await portal.dataSource.query("SELECT COUNT(*) AS n FROM site_administrator WHERE site_id = ?", [site.id]);
      expect(Number(n)).toBe(1);
    });
  });
});
