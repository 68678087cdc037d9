import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { BillingScheduler } from "../../server/billing/billing.scheduler";
import { AdminRole } from "../../server/roles";
import { defaultPassword, uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { outcome, Portal, type GqlResponse } from "../support/harness";
import { gqlFrom } from "../support/http";
import { ops } from "../support/operations";

interface Entry {
  id: string;
  action: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  clientAddress: string | null;
  objectType: string | null;
  objectId: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  createdAt: string;
}

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: Record<string, any> }>;
}

const entryFields = "id action actorKind actorId actorName clientAddress objectType objectId before after createdAt";
const auditLog = `query($from: DateTime, $to: DateTime, $actorId: ID, $first: Int, $after: String) {
  auditLog(from: $from, to: $to, actorId: $actorId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${entryFields} } }
  }
}`;
const userErrors = "userErrors { field message code }";
const m = {
  inviteAdmin: `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { id } ${userErrors} } }`,
  resendInvitation: `mutation($input: ResendInvitationInput!) { resendInvitation(input: $input) { admin { id } ${userErrors} } }`,
  changeAdminRole: `mutation($input: ChangeAdminRoleInput!) { changeAdminRole(input: $input) { admin { id role } ${userErrors} } }`,
  removeAdmin: `mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId ${userErrors} } }`,
  logIn: `mutation($input: LogInInput!) { logIn(input: $input) { token admin { id } ${userErrors} } }`,
  createPartner: `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } ${userErrors} } }`,
  createApiToken: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret apiToken { id } ${userErrors} } }`,
  revokeApiToken: `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { id revokedAt } ${userErrors} } }`,
  requestPasswordReset: `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`,
  resetPassword: `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok ${userErrors} } }`,
};

const parse = (node: Record<string, any>): Entry => ({ ...node, before: node.before && JSON.parse(node.before), after: node.after && JSON.parse(node.after) }) as Entry;

describe("the audit log", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let administrator: Session;
  let operator: Session;
  let observer: Session;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Audited VAR" });
    administrator = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    observer = await portal.given.admin(partner, AdminRole.OBSERVER);
  });
  afterAll(() => portal.stop());

  /** Every entry the reader can see, newest first, read page by page. */
  async function readLog(reader: { token: string }, filter: { from?: string; to?: string; actorId?: string } = {}, pageSize = 100): Promise<Entry[]> {
    const entries: Entry[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GqlResponse = await portal.gql(auditLog, { ...filter, first: pageSize, after }, { token: reader.token });
      expect(response.errors).toBeUndefined();
      const page: Connection = response.data.auditLog;
      entries.push(...page.edges.map((edge) => parse(edge.node)));
      if (!page.pageInfo.hasNextPage) return entries;
      after = page.pageInfo.endCursor;
    }
  }

  /** The entries that a step added to the partner's log (read by its Master). */
  async function addedBy(step: () => Promise<unknown>, reader: { token: string } = partner.master): Promise<Entry[]> {
    const seen = new Set((await readLog(reader)).map((e) => e.id));
    await step();
    return (await readLog(reader)).filter((e) => !seen.has(e.id));
  }

  /** The one entry a mutation added; fails unless it added exactly one. */
  async function entryOf(step: () => Promise<{ errors?: unknown; data: any }>, reader: { token: string } = partner.master): Promise<Entry> {
    let response: { errors?: unknown; data: any } | undefined;
    const added = await addedBy(async () => (response = await step()), reader);
    expect(response?.errors).toBeUndefined();
    expect(added).toHaveLength(1);
    return added[0];
  }

  const asAdmin = (session: Session) => ({ actorKind: "ADMIN", actorId: session.id, actorName: session.email, clientAddress: "127.0.0.1" });
  const asPlatform = { actorKind: "PLATFORM", actorId: null, actorName: "platform operator", clientAddress: "127.0.0.1" };
  const auditRowCount = async () => Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry"))[0].n);

  describe("records each successful mutation", () => {
    it("createPartner by the platform, and signUp by the new Master, in the new partner's log", async () => {
      const masterEmail = uniqueEmail("audit-master");
      const created = await portal.platform(m.createPartner, { input: { name: "Fresh VAR", country: "pt", masterEmail } });
      const partnerId = created.data.createPartner.partner.id;
      const master = await portal.given.signUp(masterEmail, "Ana Master");

      const log = await readLog(master);

      expect(log.map((e) => e.action)).toEqual(["signUp", "createPartner"]);
      const [signUp, createPartner] = log;
      expect(createPartner).toMatchObject({ ...asPlatform, action: "createPartner", objectType: "Partner", objectId: partnerId, before: null });
      expect(createPartner.after).toMatchObject({ name: "Fresh VAR", country: "PT", status: "PENDING_ACTIVATION", unallocatedCredits: 0, input: { masterEmail } });
      expect(signUp).toMatchObject({ actorKind: "ADMIN", actorId: master.id, actorName: masterEmail, clientAddress: "127.0.0.1", objectType: "PartnerAdmin", objectId: master.id, before: null });
      expect(signUp.after).toMatchObject({ email: masterEmail, name: "Ana Master", role: "MASTER", status: "ACTIVE", input: { name: "Ana Master", acceptPrivacyPolicy: true, acceptTermsOfUsage: true } });
      expect(signUp.after!.input).not.toHaveProperty("password");
      expect(signUp.after!.input).not.toHaveProperty("token");
    });

    it("logIn: the admin who signed in, and when", async () => {
      const entry = await entryOf(() => portal.gql(m.logIn, { input: { email: operator.email, password: operator.password } }));

      expect(entry).toMatchObject({ ...asAdmin(operator), action: "logIn", objectType: "PartnerAdmin", objectId: operator.id });
      expect(Math.abs(new Date(entry.after!.lastLogInAt).getTime() - portal.clock.now().getTime())).toBeLessThan(5_000);
      expect(entry.after!.input).toEqual({ email: operator.email });
    });

    it("inviteAdmin: the invited admin's email, level and state", async () => {
      const email = uniqueEmail("audit-invitee");
      let adminId = "";
      const entry = await entryOf(async () => {
        const response = await portal.gql(m.inviteAdmin, { input: { email, role: "OPERATOR" } }, { token: partner.master.token });
        adminId = response.data.inviteAdmin.admin.id;
        return response;
      });

      expect(entry).toMatchObject({ ...asAdmin(partner.master), action: "inviteAdmin", objectType: "PartnerAdmin", objectId: adminId, before: null });
      expect(entry.after).toMatchObject({ email, role: "OPERATOR", status: "INVITED", removedAt: null });
    });

    it("resendInvitation: the invitation sent again", async () => {
      const invited = await portal.given.invitation(partner, AdminRole.OBSERVER);

      const entry = await entryOf(() => portal.gql(m.resendInvitation, { input: { adminId: invited.id } }, { token: administrator.token }));

      expect(entry).toMatchObject({ ...asAdmin(administrator), action: "resendInvitation", objectType: "PartnerAdmin", objectId: invited.id });
      expect(entry.before).toMatchObject({ email: invited.email, status: "INVITED" });
      expect(entry.after).toMatchObject({ email: invited.email, status: "INVITED" });
    });

    it("changeAdminRole: the level before and after", async () => {
      const target = await portal.given.admin(partner, AdminRole.OPERATOR);

      const entry = await entryOf(() => portal.gql(m.changeAdminRole, { input: { adminId: target.id, role: "ADMINISTRATOR" } }, { token: partner.master.token }));

      expect(entry).toMatchObject({ ...asAdmin(partner.master), action: "changeAdminRole", objectType: "PartnerAdmin", objectId: target.id });
      expect(entry.before).toMatchObject({ email: target.email, role: "OPERATOR" });
      expect(entry.after).toMatchObject({ email: target.email, role: "ADMINISTRATOR" });
    });

    it("removeAdmin: the admin before and after the removal", async () => {
      const target = await portal.given.admin(partner, AdminRole.OBSERVER);

      const entry = await entryOf(() => portal.gql(m.removeAdmin, { input: { adminId: target.id } }, { token: administrator.token }));

      expect(entry).toMatchObject({ ...asAdmin(administrator), action: "removeAdmin", objectType: "PartnerAdmin", objectId: target.id });
      expect(entry.before).toMatchObject({ email: target.email, status: "ACTIVE", removedAt: null });
      expect(entry.after!.removedAt).not.toBeNull();
    });

    it("createSite: the new site with the credits it was given", async () => {
      await portal.given.credits(partner, 10);
      let siteId = "";
      const entry = await entryOf(async () => {
        const response = await portal.gql(
          ops.createSite,
          { input: { name: "Warehouse", country: "ES", timeZone: "Europe/Madrid", administratorEmail: uniqueEmail("site-admin"), credits: 4 } },
          { token: operator.token },
        );
        siteId = response.data.createSite.site.id;
        return response;
      });

      expect(entry).toMatchObject({ ...asAdmin(operator), action: "createSite", objectType: "Site", objectId: siteId, before: null });
      expect(entry.after).toMatchObject({ partnerId: partner.id, name: "Warehouse", country: "ES", credits: 4, status: "ACTIVE", deletedAt: null });
    });

    it("updateSite: the name and notes before and after", async () => {
      const site = await portal.given.site(partner, { name: "Old name", notes: "old notes" });

      const entry = await entryOf(() => portal.gql(ops.updateSite, { input: { id: site.id, name: "New name", notes: "new notes" } }, { token: operator.token }));

      expect(entry).toMatchObject({ ...asAdmin(operator), action: "updateSite", objectType: "Site", objectId: site.id });
      expect(entry.before).toMatchObject({ name: "Old name", notes: "old notes" });
      expect(entry.after).toMatchObject({ name: "New name", notes: "new notes" });
    });

    it("deleteSite: the credits that went back and the deletion time", async () => {
      const site = await portal.given.site(partner, { credits: 3 });

      const entry = await entryOf(() => portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: administrator.token }));

      expect(entry).toMatchObject({ ...asAdmin(administrator), action: "deleteSite", objectType: "Site", objectId: site.id });
      expect(entry.before).toMatchObject({ credits: 3, deletedAt: null });
      expect(entry.after!.credits).toBe(0);
      expect(entry.after!.deletedAt).not.toBeNull();
    });

    it("allocateCredits: the site's credits before and after", async () => {
      const site = await portal.given.site(partner);
      await portal.given.credits(partner, 10);

      const entry = await entryOf(() => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 10, note: "first load" } }, { token: operator.token }));

      expect(entry).toMatchObject({ ...asAdmin(operator), action: "allocateCredits", objectType: "Site", objectId: site.id });
      expect(entry.before).toMatchObject({ credits: 0 });
      expect(entry.after).toMatchObject({ credits: 10, input: { siteId: site.id, credits: 10, note: "first load" } });
    });

    it("reclaimCredits: the site's credits before and after", async () => {
      const site = await portal.given.site(partner, { credits: 10 });

      const entry = await entryOf(() => portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 6 } }, { token: operator.token }));

      expect(entry).toMatchObject({ ...asAdmin(operator), action: "reclaimCredits", objectType: "Site", objectId: site.id });
      expect(entry.before).toMatchObject({ credits: 10 });
      expect(entry.after).toMatchObject({ credits: 4, input: { credits: 6 } });
    });

    it("inviteSiteAdministrator: the site and the invited email", async () => {
      const site = await portal.given.site(partner);
      const email = uniqueEmail("customer");

      const entry = await entryOf(() => portal.gql(ops.inviteSiteAdministrator, { input: { siteId: site.id, email } }, { token: operator.token }));

      expect(entry).toMatchObject({ ...asAdmin(operator), action: "inviteSiteAdministrator", objectType: "Site", objectId: site.id });
      expect(entry.after!.input).toEqual({ siteId: site.id, email });
    });

    it("createApiToken: the token's name and level, never its secret", async () => {
      let created: { secret: string; apiToken: { id: string } } | undefined;
      const entry = await entryOf(async () => {
        const response = await portal.gql(m.createApiToken, { input: { name: "Billing export", role: "OBSERVER" } }, { token: administrator.token });
        created = response.data.createApiToken;
        return response;
      });

      expect(entry).toMatchObject({ ...asAdmin(administrator), action: "createApiToken", objectType: "ApiToken", objectId: created!.apiToken.id, before: null });
      expect(entry.after).toMatchObject({ name: "Billing export", role: "OBSERVER", revokedAt: null, expiresAt: null });
      expect(JSON.stringify(entry)).not.toContain(created!.secret);
    });

    it("revokeApiToken: when the token was revoked", async () => {
      const created = await portal.gql(m.createApiToken, { input: { name: "Old robot", role: "OBSERVER" } }, { token: partner.master.token });
      const tokenId = created.data.createApiToken.apiToken.id;

      const entry = await entryOf(() => portal.gql(m.revokeApiToken, { input: { id: tokenId } }, { token: partner.master.token }));

      expect(entry).toMatchObject({ ...asAdmin(partner.master), action: "revokeApiToken", objectType: "ApiToken", objectId: tokenId });
      expect(entry.before).toMatchObject({ name: "Old robot", revokedAt: null });
      expect(entry.after!.revokedAt).not.toBeNull();
    });

    it("grantCredits by the platform: the partner's pool before and after", async () => {
      const [{ pool }] = await portal.dataSource.query("SELECT unallocated_credits AS pool FROM partner WHERE id = ?", [partner.id]);

      const entry = await entryOf(() => portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits: 50, reference: "PO-4711" } }));

      expect(entry).toMatchObject({ ...asPlatform, action: "grantCredits", objectType: "Partner", objectId: partner.id });
      expect(entry.before).toMatchObject({ unallocatedCredits: Number(pool) });
      expect(entry.after).toMatchObject({ unallocatedCredits: Number(pool) + 50, input: { credits: 50, reference: "PO-4711" } });
    });

    it("reportSiteUsage by the platform: the usage and monthly cost before and after", async () => {
      const site = await portal.given.site(partner);

      const entry = await entryOf(() => portal.platform(ops.reportSiteUsage, { input: { siteId: site.id, userCount: 40, deviceCount: 12 } }));

      expect(entry).toMatchObject({ ...asPlatform, action: "reportSiteUsage", objectType: "Site", objectId: site.id });
      expect(entry.before).toMatchObject({ userCount: 0, deviceCount: 0, monthlyCost: 0 });
      expect(entry.after).toMatchObject({ userCount: 40, deviceCount: 12, monthlyCost: 12 });
    });

    it("allocateCredits by an API token: the token as the actor", async () => {
      const created = await portal.gql(m.createApiToken, { input: { name: "ERP connector", role: "OPERATOR" } }, { token: partner.master.token });
      const { secret, apiToken } = created.data.createApiToken;
      const site = await portal.given.site(partner);
      await portal.given.credits(partner, 2);

      const entry = await entryOf(() => portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 2 } }, { token: secret }));

      expect(entry).toMatchObject({ action: "allocateCredits", actorKind: "API_TOKEN", actorId: apiToken.id, actorName: "ERP connector", objectId: site.id });
      expect(entry.after!.credits).toBe(2);
    });

    it("runMonthlyBilling by the platform: the month and what it charged", async () => {
      await portal.given.site(partner, { credits: 20, usage: { users: 0, devices: 3 } });
      const month = portal.clock.now().toISOString().slice(0, 7);
      const before = await auditRowCount();

      const run = await portal.platform(ops.runMonthlyBilling, { input: { month } });

      expect(run.data.runMonthlyBilling.userErrors).toEqual([]);
      expect(run.data.runMonthlyBilling.sitesCharged).toBeGreaterThanOrEqual(1);
      expect(await auditRowCount()).toBe(before + 1);
      const [row] = await portal.dataSource.query("SELECT * FROM audit_entry WHERE action = 'runMonthlyBilling'");
      expect(row).toMatchObject({ actor_kind: "PLATFORM", actor_id: null, actor_name: "platform operator", client_address: "127.0.0.1" });
      expect(JSON.parse(row.after)).toMatchObject({
        input: { month },
        result: {
          sitesCharged: run.data.runMonthlyBilling.sitesCharged,
          creditsCharged: run.data.runMonthlyBilling.creditsCharged,
          sitesSuspended: run.data.runMonthlyBilling.sitesSuspended,
        },
      });
    });

    it("the billing scheduler's own run, as BILLING", async () => {
      const scheduler = new BillingScheduler(portal.services.billing, portal.services.audit, portal.clock, { info: () => undefined, error: (...args) => portal.errorsLogged.push(args) });

      // Next month, when the scheduler finds the sites due again.
      portal.clock.advance(40 * 24 * 3600 * 1000);
      try {
        await scheduler.runOnce();
      } finally {
        portal.clock.advance(-40 * 24 * 3600 * 1000);
      }

      const rows = await portal.dataSource.query("SELECT * FROM audit_entry WHERE actor_kind = 'BILLING'");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: "runMonthlyBilling", actor_name: "billing scheduler", client_address: null });
      expect(JSON.parse(rows[0].after).sitesCharged).toBeGreaterThanOrEqual(1);
    });

    it("the address the request came from", async () => {
      const site = await portal.given.site(partner, { name: "Remote edit" });

      const added = await addedBy(() => gqlFrom(portal.url, "127.0.0.2", ops.updateSite, { input: { id: site.id, notes: "edited from elsewhere" } }, operator.token));

      expect(added.map((e) => [e.action, e.clientAddress])).toEqual([["updateSite", "127.0.0.2"]]);
    });
  });

  describe("writes no row for a mutation that is refused or fails", () => {
    it("FORBIDDEN, UNAUTHENTICATED, invalid input or a business error leave the log as it was", async () => {
      const site = await portal.given.site(partner, { credits: 1 });
      const rows = await auditRowCount();

      const attempts = [
        await portal.gql(ops.createSite, { input: { name: "No", country: "ES", timeZone: "Europe/Madrid", administratorEmail: "a@example.com" } }, { token: observer.token }),
        await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: operator.token }),
        await portal.gql(ops.updateSite, { input: { id: site.id, name: "Anonymous edit" } }),
        await portal.gql(m.inviteAdmin, { input: { email: uniqueEmail(), role: "MASTER" } }, { token: administrator.token }),
      ];
      expect(attempts.map(outcome)).toEqual(["FORBIDDEN", "FORBIDDEN", "UNAUTHENTICATED", "FORBIDDEN"]);

      const failures = [
        (await portal.gql(ops.updateSite, { input: { id: site.id, country: "XX" } }, { token: operator.token })).data.updateSite,
        (await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 1000 } }, { token: operator.token })).data.reclaimCredits,
        (await portal.gql(m.logIn, { input: { email: operator.email, password: "not the password" } })).data.logIn,
        (await portal.gql(m.createApiToken, { input: { name: "x", role: "MASTER" } }, { token: partner.master.token })).data.createApiToken,
        (await portal.gql(m.resetPassword, { input: { token: "made-up", password: "whatever whatever" } })).data.resetPassword,
        (await portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits: -5, reference: "PO" } })).data.grantCredits,
      ];
      expect(failures.map((payload) => payload.userErrors[0]?.code)).toEqual(["INVALID_COUNTRY", "INSUFFICIENT_CREDITS", "INVALID_CREDENTIALS", "INVALID_ROLE", "RESET_LINK_INVALID", expect.any(String)]);

      expect(await auditRowCount()).toBe(rows);
    });
  });

  describe("never holds a password or a secret", () => {
    it("after sign-up, log-in, password reset and token creation, no row contains one", async () => {
      const invited = await portal.given.invitation(partner, AdminRole.ADMINISTRATOR);
      const signUpToken = await portal.given.signUpToken(invited.email);
      const signedUp = await portal.given.signUp(invited.email, "Secretive Person", "first secret password");
      const loggedIn = await portal.gql(m.logIn, { input: { email: invited.email, password: "first secret password" } });
      await portal.gql(m.requestPasswordReset, { input: { email: invited.email } });
      const mail = await portal.mail.waitFor(invited.email, (mail) => !!mail.link?.includes("reset-password"));
      const resetToken = new URL(mail.link!).searchParams.get("token")!;
      const reset = await portal.gql(m.resetPassword, { input: { token: resetToken, password: "second secret password" } });
      expect(reset.data.resetPassword.ok).toBe(true);
      const created = await portal.gql(m.createApiToken, { input: { name: "Secret keeper", role: "OBSERVER" } }, { token: partner.master.token });
      const [{ hash }] = await portal.dataSource.query("SELECT password_hash AS hash FROM partner_admin WHERE id = ?", [signedUp.id]);
      const [{ secretHash }] = await portal.dataSource.query("SELECT secret_hash AS secretHash FROM api_token WHERE id = ?", [created.data.createApiToken.apiToken.id]);

      const secrets = [
        defaultPassword,
        "first secret password",
        "second secret password",
        signUpToken,
        resetToken,
        signedUp.token,
        loggedIn.data.logIn.token,
        created.data.createApiToken.secret,
        secretHash,
        hash,
        portal.config.jwtSecret,
      ];
      const rows: Array<Record<string, unknown>> = await portal.dataSource.query("SELECT * FROM audit_entry");
      const text = rows.map((row) => Object.values(row).map(String).join("|")).join("\n");
      expect(rows.length).toBeGreaterThan(30);
      expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
      expect(text).not.toMatch(/"(password|passwordHash|token|secret|secretHash|resetTokenHash|invitationTokenHash)"/);
    });
  });

  describe("who can read it", () => {
    it("a Master and an Administrator of the partner read the same entries", async () => {
      const byMaster = await readLog(partner.master);
      const byAdministrator = await readLog(administrator);

      expect(byMaster.length).toBeGreaterThan(10);
      expect(byAdministrator.map((e) => e.id)).toEqual(byMaster.map((e) => e.id));
    });

    it("an Operator, an Observer and an OBSERVER or OPERATOR token are FORBIDDEN", async () => {
      const tokens = await Promise.all(
        ["OBSERVER", "OPERATOR"].map(async (role) => (await portal.gql(m.createApiToken, { input: { name: `${role} reader`, role } }, { token: partner.master.token })).data.createApiToken.secret),
      );

      for (const token of [operator.token, observer.token, ...tokens]) {
        const response = await portal.gql(auditLog, {}, { token });
        expect(outcome(response)).toBe("FORBIDDEN");
        expect(response.data).toBeNull();
      }
    });

    it("anonymous callers are UNAUTHENTICATED and the platform key is FORBIDDEN", async () => {
      expect(outcome(await portal.gql(auditLog))).toBe("UNAUTHENTICATED");
      expect(outcome(await portal.platform(auditLog))).toBe("FORBIDDEN");
    });

    it("another partner's Master sees none of it, even filtering by this partner's admin", async () => {
      const other = await portal.given.partner({ name: "Nosy VAR" });
      const ours = await readLog(partner.master);

      const theirs = await readLog(other.master);
      const filtered = await portal.gql(auditLog, { actorId: partner.master.id }, { token: other.master.token });

      expect(theirs.map((e) => e.action)).toEqual(["signUp", "createPartner"]);
      expect(theirs.filter((e) => ours.some((o) => o.id === e.id))).toEqual([]);
      expect(filtered.data.auditLog).toMatchObject({ totalCount: 0, edges: [] });
    });
  });

  describe("filters and pages", () => {
    let quiet: GivenPartner;
    let colleague: Session;
    let times: Date[];
    beforeAll(async () => {
      quiet = await portal.given.partner({ name: "Quiet VAR" });
      colleague = await portal.given.admin(quiet, AdminRole.OPERATOR);
      const site = await portal.given.site(quiet, { name: "Step 0" });
      times = [];
      for (const [step, who] of [quiet.master, colleague, quiet.master, colleague].entries()) {
        portal.clock.advance(3600 * 1000);
        times.push(portal.clock.now());
        const response = await portal.gql(ops.updateSite, { input: { id: site.id, name: `Step ${step + 1}` } }, { token: who.token });
        expect(response.data.updateSite.userErrors).toEqual([]);
      }
    });

    it("from (inclusive) and to (exclusive) select the entries of a time range", async () => {
      const between = await readLog(quiet.master, { from: times[1].toISOString(), to: times[3].toISOString() });

      expect(between.map((e) => e.after!.name)).toEqual(["Step 3", "Step 2"]);
    });

    it("actorId selects one admin's entries", async () => {
      const mine = await readLog(quiet.master, { actorId: colleague.id });

      expect(mine.map((e) => e.action)).toEqual(["updateSite", "updateSite", "signUp"]);
      expect(mine.slice(0, 2).map((e) => e.after!.name)).toEqual(["Step 4", "Step 2"]);
      expect(new Set(mine.map((e) => e.actorId))).toEqual(new Set([colleague.id]));
    });

    it("pages of two give every entry once, newest first, with a stable totalCount", async () => {
      const whole = await readLog(quiet.master);
      const paged: Entry[] = [];
      const totals = new Set<number>();
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const response: GqlResponse = await portal.gql(auditLog, { first: 2, after }, { token: quiet.master.token });
        const connection: Connection = response.data.auditLog;
        totals.add(connection.totalCount);
        expect(connection.edges.length).toBeLessThanOrEqual(2);
        paged.push(...connection.edges.map((edge) => parse(edge.node)));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }

      expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
      expect([...totals]).toEqual([whole.length]);
      const times = paged.map((e) => new Date(e.createdAt).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it("first above 100 and a made-up cursor are refused with BAD_USER_INPUT", async () => {
      expect(outcome(await portal.gql(auditLog, { first: 101 }, { token: quiet.master.token }))).toBe("BAD_USER_INPUT");
      expect(outcome(await portal.gql(auditLog, { after: "bm90IGEgY3Vyc29y" }, { token: quiet.master.token }))).toBe("BAD_USER_INPUT");
    });
  });

  describe("is append-only", () => {
    it("earlier rows stay exactly as written while more changes happen, and no UPDATE or DELETE ever reaches audit_entry", async () => {
      const before: Array<Record<string, unknown>> = await portal.dataSource.query("SELECT * FROM audit_entry ORDER BY id");
      const site = await portal.given.site(partner, { credits: 2 });

      const statements = await portal.sql.during(async () => {
        await portal.gql(ops.updateSite, { input: { id: site.id, name: "Renamed again" } }, { token: operator.token });
        await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 1 } }, { token: operator.token });
        await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
        await portal.gql(m.logIn, { input: { email: operator.email, password: operator.password } });
      });

      expect(statements.some((sql) => /INSERT INTO\s+[`"]?audit_entry/i.test(sql))).toBe(true);
      expect(statements.filter((sql) => /^\s*(UPDATE|DELETE|REPLACE|TRUNCATE)\b[^;]*audit_entry/i.test(sql))).toEqual([]);
      const after: Array<Record<string, unknown>> = await portal.dataSource.query("SELECT * FROM audit_entry ORDER BY id");
      const now = new Map(after.map((row) => [row.id, row]));
      expect(before.map((row) => now.get(row.id))).toEqual(before);
    });

    it("no code of the server updates or deletes audit rows", () => {
      expect(auditWrites("await manager.delete(AuditEntry, { id })")).not.toEqual([]);
      expect(auditWrites('await ds.query("UPDATE audit_entry SET after = NULL")')).not.toEqual([]);
      expect(auditWrites("repository.insert({ id }) // AuditEntry")).toEqual([]);

      const root = join(__dirname, "..", "..", "server");
      const found = sourceFiles(root).flatMap((file) => auditWrites(readFileSync(file, "utf8")).map((line) => `${relative(root, file)}: ${line}`));

      expect(found).toEqual([]);
    });
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/**
 * The lines of a source that could change or remove audit rows: in a file that mentions the
 * audit table or entity, any call that updates, deletes or overwrites rows; anywhere, raw SQL
 * that updates, deletes or truncates audit_entry. A migration's down() dropping the table is
 * schema history, not the application changing rows.
 */
function auditWrites(source: string): string[] {
  const lines = source.split("\n");
  const mentionsAudit = /AuditEntry|audit_entry/.test(source);
  const rowChanges = /\.(update|delete|remove|softDelete|softRemove|restore|save|upsert|increment|decrement|clear|preload|merge)\s*\(|\.(update|delete)\s*\(\s*\)/;
  const rawSql = /\b(UPDATE\s+[`"']?audit_entry|DELETE\s+FROM\s+[`"']?audit_entry|TRUNCATE\s+(TABLE\s+)?[`"']?audit_entry|REPLACE\s+INTO\s+[`"']?audit_entry)/i;
  return lines.filter((line) => rawSql.test(line) || (mentionsAudit && rowChanges.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line))).map((line) => line.trim());
}
