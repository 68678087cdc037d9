import { AdminRole } from "../../server/roles";
import { uniqueEmail, type GivenPartner, type GivenSite, type Session } from "../support/given";
import { onMysql, outcome, Portal, type GqlResponse } from "../support/harness";
import { stateOf } from "../support/ledger";
import { ops } from "../support/operations";

const userErrors = "userErrors { field message code }";
const m = {
  inviteAdmin: `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { id } ${userErrors} } }`,
  resendInvitation: `mutation($input: ResendInvitationInput!) { resendInvitation(input: $input) { admin { id } ${userErrors} } }`,
  changeAdminRole: `mutation($input: ChangeAdminRoleInput!) { changeAdminRole(input: $input) { admin { id role } ${userErrors} } }`,
  removeAdmin: `mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId ${userErrors} } }`,
  createApiToken: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { apiToken { id name } ${userErrors} } }`,
  revokeApiToken: `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { id revokedAt } ${userErrors} } }`,
  createPartner: `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id name country } ${userErrors} } }`,
  signUp: `mutation($input: SignUpInput!) { signUp(input: $input) { admin { id name } ${userErrors} } }`,
  logIn: `mutation($input: LogInInput!) { logIn(input: $input) { admin { id } ${userErrors} } }`,
  requestPasswordReset: `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`,
};

/** Tens of thousands of spaces: trimmed away by the portal, but far beyond what an audit row holds. */
const padded = (value: string) => " ".repeat(5_000) + value + " ".repeat(15_000);

/** Everything of a partner that one of its admins' changes could touch, audit log aside. */
async function everythingOf(portal: Portal, partnerId: string) {
  const [admins, tokens, partner] = await Promise.all([
    portal.dataSource.query("SELECT id, role, status, removed_at, live_email, invitation_token_hash FROM partner_admin WHERE partner_id = ? ORDER BY id", [partnerId]),
    portal.dataSource.query("SELECT id, name, revoked_at FROM api_token WHERE partner_id = ? ORDER BY id", [partnerId]),
    portal.dataSource.query("SELECT name, status FROM partner WHERE id = ?", [partnerId]),
  ]);
  return { ...(await stateOf(portal, partnerId)), admins, tokens, partner };
}

async function auditRowsOf(portal: Portal, action: string): Promise<Array<{ object_id: string | null; before: string | null; after: string | null }>> {
  const rows: Array<Record<string, string | null>> = await portal.dataSource.query("SELECT * FROM audit_entry WHERE action = ? ORDER BY id", [action]);
  return rows.map((row) => ({ object_id: row.object_id, before: row.before, after: row.after }));
}

describe("the audit log is written inside the change", () => {
  describe("a change whose audit row cannot be written does not commit", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let doomed: Session;
    let target: Session;
    let site: GivenSite;
    let invitee: { id: string; email: string };

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner({ name: "Unaudited VAR" });
      doomed = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
      target = await portal.given.admin(partner, AdminRole.OPERATOR);
      invitee = await portal.given.invitation(partner, AdminRole.OBSERVER);
      site = await portal.given.site(partner, { name: "Kept", credits: 10 });
      await portal.given.credits(partner, 50);
      // The audit log refuses every row of one admin's changes, as a full disk or a too-long value would.
      await portal.dataSource.query(
        onMysql
          ? `CREATE TRIGGER refuse_audit_row BEFORE INSERT ON audit_entry FOR EACH ROW BEGIN
               IF NEW.actor_id = '${doomed.id}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit row refused by the test'; END IF;
             END`
          : `CREATE TRIGGER refuse_audit_row BEFORE INSERT ON audit_entry WHEN NEW.actor_id = '${doomed.id}'
               BEGIN SELECT RAISE(ABORT, 'audit row refused by the test'); END`,
      );
    });
    afterAll(() => portal.stop());

    const attempts: Array<[string, () => Promise<GqlResponse>]> = [
      ["changeAdminRole", () => portal.gql(m.changeAdminRole, { input: { adminId: target.id, role: "OBSERVER" } }, { token: doomed.token })],
      ["removeAdmin", () => portal.gql(m.removeAdmin, { input: { adminId: target.id } }, { token: doomed.token })],
      ["inviteAdmin", () => portal.gql(m.inviteAdmin, { input: { email: uniqueEmail("unrecorded"), role: "OBSERVER" } }, { token: doomed.token })],
      ["resendInvitation", () => portal.gql(m.resendInvitation, { input: { adminId: invitee.id } }, { token: doomed.token })],
      ["createSite", () => portal.gql(ops.createSite, { input: { name: "Unrecorded", country: "ES", timeZone: "UTC", administratorEmail: uniqueEmail(), credits: 3 } }, { token: doomed.token })],
      ["updateSite", () => portal.gql(ops.updateSite, { input: { id: site.id, name: "Renamed unrecorded", notes: "unrecorded" } }, { token: doomed.token })],
      ["allocateCredits", () => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 5 } }, { token: doomed.token })],
      ["reclaimCredits", () => portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 5 } }, { token: doomed.token })],
      ["inviteSiteAdministrator", () => portal.gql(ops.inviteSiteAdministrator, { input: { siteId: site.id, email: uniqueEmail() } }, { token: doomed.token })],
      ["deleteSite", () => portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: doomed.token })],
      ["createApiToken", () => portal.gql(m.createApiToken, { input: { name: "Unrecorded", role: "OBSERVER" } }, { token: doomed.token })],
    ];

    it.each(attempts)("%s fails as a whole: nothing of it is stored and nothing is mailed", async (action, attempt) => {
      await portal.mailSettled();
      const before = await everythingOf(portal, partner.id);
      const mails = portal.mail.mails.length;
      const recorded = await auditRowsOf(portal, action);

      const response = await attempt();

      expect(outcome(response)).toBe("INTERNAL_SERVER_ERROR");
      expect(await everythingOf(portal, partner.id)).toEqual(before);
      expect(await auditRowsOf(portal, action)).toEqual(recorded);
      await portal.mailSettled();
      expect(portal.mail.mails.length).toBe(mails);
    });

    it("logIn by the admin whose rows are refused does not sign in or record the time", async () => {
      const [before] = await portal.dataSource.query("SELECT last_log_in_at AS at FROM partner_admin WHERE id = ?", [doomed.id]);

      const response = await portal.gql(m.logIn, { input: { email: doomed.email, password: doomed.password } });

      expect(outcome(response)).toBe("INTERNAL_SERVER_ERROR");
      const [after] = await portal.dataSource.query("SELECT last_log_in_at AS at FROM partner_admin WHERE id = ?", [doomed.id]);
      expect(after.at).toEqual(before.at);
    });

    it("another admin's same changes are recorded and kept", async () => {
      const response = await portal.gql(ops.updateSite, { input: { id: site.id, name: "Renamed and recorded" } }, { token: partner.master.token });

      expect(response.data.updateSite.userErrors).toEqual([]);
      expect((await auditRowsOf(portal, "updateSite")).filter((r) => r.object_id === site.id)).toHaveLength(1);
    });
  });

  describe("inputs padded with tens of thousands of spaces", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let site: GivenSite;

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner({ name: "Padded VAR" });
      site = await portal.given.site(partner, { credits: 20 });
      await portal.given.credits(partner, 5);
    });
    afterAll(() => portal.stop());

    /** The change succeeded, and its one audit row holds the trimmed value in a small payload. */
    async function expectRecordedTrimmed(action: string, response: GqlResponse, field: string, trimmed: string): Promise<void> {
      expect(response.errors).toBeUndefined();
      expect(response.data[field].userErrors ?? []).toEqual([]);
      const rows = await auditRowsOf(portal, action);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      const last = rows.find((row) => row.after?.includes(trimmed));
      expect(last).toBeDefined();
      expect(last!.after!.length).toBeLessThan(2_000);
      expect(last!.after).not.toContain("    ");
    }

    it("createSite stores and audits the trimmed name, notes and administrator email", async () => {
      const email = uniqueEmail("padded-site-admin");
      const response = await portal.gql(
        ops.createSite,
        { input: { name: padded("Padded site"), country: padded("es"), timeZone: "Europe/Madrid", administratorEmail: padded(email), notes: padded("padded notes") } },
        { token: partner.master.token },
      );

      expect(response.errors).toBeUndefined();
      expect(response.data.createSite.site).toMatchObject({ name: "Padded site", country: "ES", notes: "padded notes", administrators: [{ email }] });
      await expectRecordedTrimmed("createSite", response, "createSite", '"name":"Padded site"');
    });

    it("updateSite stores and audits the trimmed name and notes", async () => {
      const response = await portal.gql(ops.updateSite, { input: { id: site.id, name: padded("Renamed"), notes: padded("new notes") } }, { token: partner.master.token });

      expect(response.data.updateSite.site).toMatchObject({ name: "Renamed", notes: "new notes" });
      await expectRecordedTrimmed("updateSite", response, "updateSite", '"notes":"new notes"');
    });

    it("allocateCredits and reclaimCredits store and audit the trimmed note", async () => {
      const allocated = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1, note: padded("allocation note") } }, { token: partner.master.token });
      const reclaimed = await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 1, note: padded("reclaim note") } }, { token: partner.master.token });

      expect(allocated.data.allocateCredits.transaction.note).toBe("allocation note");
      expect(reclaimed.data.reclaimCredits.transaction.note).toBe("reclaim note");
      await expectRecordedTrimmed("allocateCredits", allocated, "allocateCredits", '"note":"allocation note"');
      await expectRecordedTrimmed("reclaimCredits", reclaimed, "reclaimCredits", '"note":"reclaim note"');
    });

    it("inviteAdmin and inviteSiteAdministrator audit the trimmed email", async () => {
      const adminEmail = uniqueEmail("padded-invitee");
      const siteAdminEmail = uniqueEmail("padded-site-invitee");
      const admin = await portal.gql(m.inviteAdmin, { input: { email: padded(adminEmail), role: "OBSERVER" } }, { token: partner.master.token });
      const siteAdmin = await portal.gql(ops.inviteSiteAdministrator, { input: { siteId: site.id, email: padded(siteAdminEmail) } }, { token: partner.master.token });

      await expectRecordedTrimmed("inviteAdmin", admin, "inviteAdmin", `"email":"${adminEmail}"`);
      await expectRecordedTrimmed("inviteSiteAdministrator", siteAdmin, "inviteSiteAdministrator", `"email":"${siteAdminEmail}"`);
    });

    it("createApiToken stores and audits the trimmed name", async () => {
      const response = await portal.gql(m.createApiToken, { input: { name: padded("Padded tool"), role: "OBSERVER" } }, { token: partner.master.token });

      expect(response.data.createApiToken.apiToken.name).toBe("Padded tool");
      await expectRecordedTrimmed("createApiToken", response, "createApiToken", '"name":"Padded tool"');
    });

    it("createPartner and grantCredits by the platform audit the trimmed name and reference", async () => {
      const masterEmail = uniqueEmail("padded-master");
      const created = await portal.platform(m.createPartner, { input: { name: padded("Padded partner"), country: padded("pt"), masterEmail: padded(masterEmail) } });
      const granted = await portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits: 5, reference: padded("PO-padded") } });

      expect(created.data.createPartner.partner).toMatchObject({ name: "Padded partner", country: "PT" });
      expect(granted.data.grantCredits.transaction.reference).toBe("PO-padded");
      await expectRecordedTrimmed("createPartner", created, "createPartner", '"name":"Padded partner"');
      await expectRecordedTrimmed("grantCredits", granted, "grantCredits", '"reference":"PO-padded"');
    });

    it("signUp, logIn and requestPasswordReset audit the trimmed name and email", async () => {
      const invited = await portal.given.invitation(partner, AdminRole.OPERATOR);
      const token = await portal.given.signUpToken(invited.email);
      const signedUp = await portal.gql(m.signUp, { input: { token, name: padded("Padded Person"), password: "a long enough password", acceptPrivacyPolicy: true, acceptTermsOfUsage: true } });
      const loggedIn = await portal.gql(m.logIn, { input: { email: padded(invited.email), password: "a long enough password" } });
      const requested = await portal.gql(m.requestPasswordReset, { input: { email: padded(invited.email) } });

      expect(signedUp.data.signUp.admin.name).toBe("Padded Person");
      await expectRecordedTrimmed("signUp", signedUp, "signUp", '"name":"Padded Person"');
      await expectRecordedTrimmed("logIn", loggedIn, "logIn", `"input":{"email":"${invited.email}"}`);
      await expectRecordedTrimmed("requestPasswordReset", requested, "requestPasswordReset", `"email":"${invited.email}"`);
    });

    it("no audit row anywhere holds more than a bounded payload", async () => {
      const rows: Array<{ after: string | null }> = await portal.dataSource.query("SELECT * FROM audit_entry");

      expect(Math.max(...rows.map((row) => row.after?.length ?? 0))).toBeLessThan(16_001);
    });
  });

  describe("ids are taken exactly as the portal made them", () => {
    let portal: Portal;
    let partner: GivenPartner;
    let site: GivenSite;
    let operator: Session;
    let invitee: { id: string; email: string };
    let tokenId: string;

    beforeAll(async () => {
      portal = await Portal.start();
      partner = await portal.given.partner({ name: "Exact VAR" });
      operator = await portal.given.admin(partner, AdminRole.OPERATOR);
      invitee = await portal.given.invitation(partner, AdminRole.OBSERVER);
      site = await portal.given.site(partner, { credits: 10 });
      await portal.given.credits(partner, 10);
      const created = await portal.gql(m.createApiToken, { input: { name: "Exact tool", role: "OBSERVER" } }, { token: partner.master.token });
      tokenId = created.data.createApiToken.apiToken.id;
    });
    afterAll(() => portal.stop());

    // Trailing spaces match under MySQL's PAD SPACE collations, and other case under its case-insensitive ones.
    const variants = (id: string) => [id + " ", id + "   ", id.toUpperCase()];

    it.each([
      ["changeAdminRole", "adminId", () => [m.changeAdminRole, { adminId: operator.id, role: "OBSERVER" }]],
      ["removeAdmin", "adminId", () => [m.removeAdmin, { adminId: operator.id }]],
      ["resendInvitation", "adminId", () => [m.resendInvitation, { adminId: invitee.id }]],
      ["updateSite", "id", () => [ops.updateSite, { id: site.id, name: "Not renamed" }]],
      ["allocateCredits", "siteId", () => [ops.allocateCredits, { siteId: site.id, credits: 1 }]],
      ["reclaimCredits", "siteId", () => [ops.reclaimCredits, { siteId: site.id, credits: 1 }]],
      ["inviteSiteAdministrator", "siteId", () => [ops.inviteSiteAdministrator, { siteId: site.id, email: uniqueEmail() }]],
      ["revokeApiToken", "id", () => [m.revokeApiToken, { id: tokenId }]],
      // Last: on the old code a padded id deleted the site, and every later attempt found none.
      ["deleteSite", "id", () => [ops.deleteSite, { id: site.id }]],
    ] as Array<[string, string, () => [string, Record<string, unknown>]]>)("%s with a padded or re-cased %s is NOT_FOUND and changes nothing", async (field, idField, make) => {
      const [document, input] = make();
      const before = await everythingOf(portal, partner.id);

      for (const id of variants(input[idField] as string)) {
        const response = await portal.gql(document, { input: { ...input, [idField]: id } }, { token: partner.master.token });
        expect(response.data[field].userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND", field: ["input", idField] })]);
      }

      expect(await everythingOf(portal, partner.id)).toEqual(before);
    });

    it("the platform's grantCredits and reportSiteUsage with a padded id are NOT_FOUND and change nothing", async () => {
      const before = await everythingOf(portal, partner.id);

      for (const id of variants(partner.id)) {
        const granted = await portal.platform(ops.grantCredits, { input: { partnerId: id, credits: 5, reference: "PO-exact" } });
        expect(granted.data.grantCredits.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND", field: ["input", "partnerId"] })]);
      }
      for (const id of variants(site.id)) {
        const reported = await portal.platform(ops.reportSiteUsage, { input: { siteId: id, userCount: 0, deviceCount: 7 } });
        expect(reported.data.reportSiteUsage.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND", field: ["input", "siteId"] })]);
      }

      expect(await everythingOf(portal, partner.id)).toEqual(before);
    });

    it("the site query, and the credit history and audit log filtered by a padded id, find nothing", async () => {
      for (const id of variants(site.id)) {
        const response = await portal.gql(ops.site, { id }, { token: operator.token });
        expect(response.errors).toBeUndefined();
        expect(response.data.site).toBeNull();
        const history = await portal.gql(ops.creditTransactions, { siteId: id }, { token: operator.token });
        expect(history.data.creditTransactions.totalCount).toBe(0);
      }
      for (const actorId of variants(partner.master.id)) {
        const log = await portal.gql(`query($actorId: ID) { auditLog(actorId: $actorId) { totalCount } }`, { actorId }, { token: partner.master.token });
        expect(log.data.auditLog.totalCount).toBe(0);
      }
      expect((await portal.gql(ops.creditTransactions, { siteId: site.id }, { token: operator.token })).data.creditTransactions.totalCount).toBeGreaterThan(0);
    });
  });
});
