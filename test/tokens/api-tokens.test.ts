import { createHash } from "node:crypto";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { stateOf } from "../support/ledger";
import { codes, ops } from "../support/operations";

const tokenFields = "id name role createdAt lastUsedAt expiresAt revokedAt createdBy { id email }";
const userErrors = "userErrors { field message code }";
const createApiToken = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret apiToken { ${tokenFields} } ${userErrors} } }`;
const revokeApiToken = `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { ${tokenFields} } ${userErrors} } }`;
const apiTokens = `{ apiTokens { ${tokenFields} } }`;
const changeAdminRole = `mutation($input: ChangeAdminRoleInput!) { changeAdminRole(input: $input) { admin { id role } ${userErrors} } }`;
const removeAdmin = `mutation($input: RemoveAdminInput!) { removeAdmin(input: $input) { removedAdminId ${userErrors} } }`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("API tokens", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let administrator: Session;
  let operator: Session;
  let observer: Session;
  let other: GivenPartner;
  let otherSite: GivenSite;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner();
    administrator = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    observer = await portal.given.admin(partner, AdminRole.OBSERVER);
    other = await portal.given.partner();
    otherSite = await portal.given.site(other, { name: "Other partner's site", credits: 40 });
  });
  afterAll(() => portal.stop());

  /** Creates a token as this admin; fails the test unless it was created. */
  async function tokenOf(by: Session, role: AdminRole, extra: { name?: string; expiresAt?: string } = {}): Promise<{ id: string; secret: string }> {
    const response = await portal.gql(createApiToken, { input: { name: extra.name ?? `${role} tool`, role, expiresAt: extra.expiresAt } }, { token: by.token });
    const result = response.data?.createApiToken;
    expect(response.errors).toBeUndefined();
    expect(result?.userErrors).toEqual([]);
    return { id: result.apiToken.id, secret: result.secret };
  }

  const storedTokens = async (partnerId: string): Promise<number> =>
    Number((await portal.dataSource.query("SELECT COUNT(*) AS n FROM api_token WHERE partner_id = ?", [partnerId]))[0].n);

  const partnerName = async (secret: string) => {
    const response = await portal.gql(`{ partner { name } }`, {}, { token: secret });
    return response.errors ? outcome(response) : response.data.partner.name;
  };

  describe("as a Master", () => {
    it("creates a token whose secret is shown once and of which only the sha256 is stored", async () => {
      const response = await portal.gql(createApiToken, { input: { name: "ERP sync", role: "OPERATOR" } }, { token: partner.master.token });

      expect(response.errors).toBeUndefined();
      const { secret, apiToken, userErrors: errors } = response.data.createApiToken;
      expect(errors).toEqual([]);
      expect(secret).toMatch(/^ppt_[A-Za-z0-9_-]{43}$/);
      expect(apiToken).toMatchObject({ name: "ERP sync", role: "OPERATOR", lastUsedAt: null, expiresAt: null, revokedAt: null, createdBy: { id: partner.master.id, email: partner.master.email } });

      const [row] = await portal.dataSource.query("SELECT * FROM api_token WHERE id = ?", [apiToken.id]);
      expect(row.secret_hash).toBe(sha256(secret));
      expect(Object.values(row).filter((value) => String(value).includes(secret.slice(4)))).toEqual([]);

      // The secret cannot be read back: no field of the API holds it.
      const readBack = await portal.gql(`{ apiTokens { id secret } }`, {}, { token: partner.master.token });
      expect(readBack.status).toBe(400);
      expect(outcome(readBack)).toBe("GRAPHQL_VALIDATION_FAILED");
    });

    it("lists the partner's tokens newest first, with who created them", async () => {
      const first = await tokenOf(partner.master, AdminRole.OBSERVER, { name: "Dashboard" });
      portal.clock.advance(1000);
      const second = await tokenOf(partner.master, AdminRole.ADMINISTRATOR, { name: "Provisioning" });

      const response = await portal.gql(apiTokens, {}, { token: partner.master.token });

      expect(response.errors).toBeUndefined();
      const listed = response.data.apiTokens.map((t: { id: string }) => t.id);
      expect(listed.indexOf(second.id)).toBeLessThan(listed.indexOf(first.id));
      expect(response.data.apiTokens.find((t: { id: string }) => t.id === second.id)).toMatchObject({ name: "Provisioning", role: "ADMINISTRATOR", createdBy: { email: partner.master.email } });
    });

    it("cannot create a MASTER token: INVALID_ROLE, and nothing is stored", async () => {
      const before = await storedTokens(partner.id);

      const response = await portal.gql(createApiToken, { input: { name: "All powerful", role: "MASTER" } }, { token: partner.master.token });

      expect(response.data.createApiToken).toMatchObject({ secret: null, apiToken: null, userErrors: [{ code: "INVALID_ROLE", field: ["input", "role"] }] });
      expect(await storedTokens(partner.id)).toBe(before);
    });

    it("cannot create a token that expires in the past", async () => {
      const before = await storedTokens(partner.id);
      const yesterday = new Date(portal.clock.now().getTime() - 24 * 3600 * 1000).toISOString();

      const response = await portal.gql(createApiToken, { input: { name: "Stale", role: "OBSERVER", expiresAt: yesterday } }, { token: partner.master.token });

      expect(response.data.createApiToken.secret).toBeNull();
      expect(response.data.createApiToken.userErrors).toEqual([expect.objectContaining({ code: "INVALID_EXPIRY", field: ["input", "expiresAt"] })]);
      expect(await storedTokens(partner.id)).toBe(before);
    });

    it("revokes a token, and its very next call is refused as UNAUTHENTICATED", async () => {
      const token = await tokenOf(partner.master, AdminRole.OPERATOR);
      expect(await partnerName(token.secret)).toBe(partner.name);

      const revoked = await portal.gql(revokeApiToken, { input: { id: token.id } }, { token: partner.master.token });

      expect(revoked.data.revokeApiToken.userErrors).toEqual([]);
      expect(revoked.data.revokeApiToken.apiToken.revokedAt).not.toBeNull();
      expect(await partnerName(token.secret)).toBe("UNAUTHENTICATED");
      const site = await portal.given.site(partner, { name: "Kept name" });
      const mutation = await portal.gql(ops.updateSite, { input: { id: site.id, name: "Renamed by a revoked token" } }, { token: token.secret });
      expect(outcome(mutation)).toBe("UNAUTHENTICATED");
      expect((await portal.dataSource.query("SELECT name FROM site WHERE id = ?", [site.id]))[0].name).toBe("Kept name");
    });

    it("cannot revoke another partner's token: NOT_FOUND, and that token keeps working", async () => {
      const othersToken = await tokenOf(other.master, AdminRole.OBSERVER);

      const response = await portal.gql(revokeApiToken, { input: { id: othersToken.id } }, { token: partner.master.token });

      expect(codes(response.data.revokeApiToken)).toEqual(["NOT_FOUND"]);
      expect(await partnerName(othersToken.secret)).toBe(other.name);
    });
  });

  describe("as an Administrator", () => {
    it("creates tokens up to its own level", async () => {
      for (const role of [AdminRole.ADMINISTRATOR, AdminRole.OPERATOR, AdminRole.OBSERVER]) {
        const response = await portal.gql(createApiToken, { input: { name: `${role} by administrator`, role } }, { token: administrator.token });
        expect(response.data.createApiToken.userErrors).toEqual([]);
        expect(response.data.createApiToken.apiToken).toMatchObject({ role, createdBy: { id: administrator.id } });
      }
    });

    it("cannot create a token above its level (MASTER): INVALID_ROLE", async () => {
      const before = await storedTokens(partner.id);

      const response = await portal.gql(createApiToken, { input: { name: "Escalation", role: "MASTER" } }, { token: administrator.token });

      expect(codes(response.data.createApiToken)).toEqual(["INVALID_ROLE"]);
      expect(response.data.createApiToken.secret).toBeNull();
      expect(await storedTokens(partner.id)).toBe(before);
    });
  });

  describe.each([
    ["an Operator", () => operator],
    ["an Observer", () => observer],
  ])("as %s", (_label, who) => {
    it("cannot list, create or revoke tokens (FORBIDDEN)", async () => {
      const existing = await tokenOf(partner.master, AdminRole.OBSERVER);
      const before = await storedTokens(partner.id);

      expect(outcome(await portal.gql(apiTokens, {}, { token: who().token }))).toBe("FORBIDDEN");
      expect(outcome(await portal.gql(createApiToken, { input: { name: "Mine", role: "OBSERVER" } }, { token: who().token }))).toBe("FORBIDDEN");
      expect(outcome(await portal.gql(revokeApiToken, { input: { id: existing.id } }, { token: who().token }))).toBe("FORBIDDEN");

      expect(await storedTokens(partner.id)).toBe(before);
      expect(await partnerName(existing.secret)).toBe(partner.name);
    });
  });

  describe("with an ADMINISTRATOR token", () => {
    it("cannot list, create or revoke tokens: only people manage tokens", async () => {
      const token = await tokenOf(partner.master, AdminRole.ADMINISTRATOR);
      const victim = await tokenOf(partner.master, AdminRole.OBSERVER);
      const before = await storedTokens(partner.id);

      expect(outcome(await portal.gql(apiTokens, {}, { token: token.secret }))).toBe("FORBIDDEN");
      expect(outcome(await portal.gql(createApiToken, { input: { name: "Child", role: "OBSERVER" } }, { token: token.secret }))).toBe("FORBIDDEN");
      expect(outcome(await portal.gql(revokeApiToken, { input: { id: victim.id } }, { token: token.secret }))).toBe("FORBIDDEN");

      expect(await storedTokens(partner.id)).toBe(before);
      expect(await partnerName(victim.secret)).toBe(partner.name);
    });

    it("acts at most at its creator's current level: once the creator is demoted to Observer, it can only read", async () => {
      const creator = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
      const token = await tokenOf(creator, AdminRole.ADMINISTRATOR);
      const site = await portal.given.site(partner, { credits: 3 });
      await portal.given.credits(partner, 5);
      const allowed = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: token.secret });
      expect(allowed.data.allocateCredits.site.credits).toBe(4);

      const demoted = await portal.gql(changeAdminRole, { input: { adminId: creator.id, role: "OBSERVER" } }, { token: partner.master.token });
      expect(demoted.data.changeAdminRole.admin.role).toBe("OBSERVER");
      const before = await stateOf(portal, partner.id);

      expect(outcome(await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1 } }, { token: token.secret }))).toBe("FORBIDDEN");
      expect(outcome(await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: token.secret }))).toBe("FORBIDDEN");
      expect(await stateOf(portal, partner.id)).toEqual(before);
      // Still an Observer's reading rights.
      expect(await partnerName(token.secret)).toBe(partner.name);
    });
  });

  describe("with an OPERATOR token", () => {
    let token: { id: string; secret: string };
    let site: GivenSite;
    beforeAll(async () => {
      token = await tokenOf(partner.master, AdminRole.OPERATOR, { name: "Credit robot" });
      site = await portal.given.site(partner, { name: "Token's site", credits: 5 });
    });

    it("allocates credits to a site of its partner", async () => {
      await portal.given.credits(partner, 20);
      const before = await stateOf(portal, partner.id);

      const response = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 7, note: "from the ERP" } }, { token: token.secret });

      expect(response.errors).toBeUndefined();
      expect(response.data.allocateCredits.userErrors).toEqual([]);
      expect(response.data.allocateCredits.site.credits).toBe(12);
      expect(response.data.allocateCredits.partner.unallocatedCredits).toBe(before.pool - 7);
      // The ledger names the admin the token acts for.
      expect(response.data.allocateCredits.transaction).toMatchObject({ kind: "ALLOCATION", credits: 7, note: "from the ERP", actor: { id: partner.master.id } });
    });

    it("cannot delete a site: FORBIDDEN, and the site stays with its credits", async () => {
      const before = await stateOf(portal, partner.id);

      const response = await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: token.secret });

      expect(outcome(response)).toBe("FORBIDDEN");
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });

    it("cannot invite admins (FORBIDDEN)", async () => {
      const response = await portal.gql(`mutation { inviteAdmin(input: { email: "sneaky@example.com", role: OBSERVER }) { admin { id } } }`, {}, { token: token.secret });

      expect(outcome(response)).toBe("FORBIDDEN");
      expect(await portal.dataSource.query("SELECT id FROM partner_admin WHERE email = ?", ["sneaky@example.com"])).toEqual([]);
    });

    it("never sees or touches another partner's data", async () => {
      const othersBefore = await stateOf(portal, other.id);

      const read = await portal.gql(
        `query($id: ID!) { site(id: $id) { id } sites { totalCount nodes { id name } } creditTransactions { nodes { site { id } siteName } } partner { id } }`,
        { id: otherSite.id },
        { token: token.secret },
      );
      const allocate = await portal.gql(ops.allocateCredits, { input: { siteId: otherSite.id, credits: 1 } }, { token: token.secret });
      const update = await portal.gql(ops.updateSite, { input: { id: otherSite.id, name: "Hijacked" } }, { token: token.secret });

      expect(read.errors).toBeUndefined();
      expect(read.data.site).toBeNull();
      expect(read.data.partner.id).toBe(partner.id);
      expect(read.data.sites.nodes.map((s: { name: string }) => s.name)).not.toContain(otherSite.name);
      expect(read.data.creditTransactions.nodes.map((t: { siteName: string | null }) => t.siteName)).not.toContain(otherSite.name);
      expect(codes(allocate.data.allocateCredits)).toEqual(["NOT_FOUND"]);
      expect(codes(update.data.updateSite)).toEqual(["NOT_FOUND"]);
      expect(await stateOf(portal, other.id)).toEqual(othersBefore);
    });

    it("has lastUsedAt set when it is used, refreshed at most once a minute", async () => {
      const fresh = await tokenOf(partner.master, AdminRole.OBSERVER, { name: "Usage probe" });
      const lastUsed = async () => {
        const response = await portal.gql(apiTokens, {}, { token: partner.master.token });
        const found = response.data.apiTokens.find((t: { id: string }) => t.id === fresh.id);
        return found.lastUsedAt === null ? null : new Date(found.lastUsedAt).getTime();
      };
      expect(await lastUsed()).toBeNull();

      const firstUse = portal.clock.now().getTime();
      await partnerName(fresh.secret);
      const first = await lastUsed();
      expect(first).not.toBeNull();
      expect(Math.abs(first! - firstUse)).toBeLessThan(5_000);

      portal.clock.advance(10_000);
      await partnerName(fresh.secret);
      expect(await lastUsed()).toBe(first);

      portal.clock.advance(2 * 60_000);
      await partnerName(fresh.secret);
      expect(await lastUsed()).toBeGreaterThanOrEqual(first! + 2 * 60_000);
    });
  });

  describe("a token stops working", () => {
    it("when it expires", async () => {
      const inAnHour = new Date(portal.clock.now().getTime() + 3600 * 1000).toISOString();
      const token = await tokenOf(partner.master, AdminRole.OBSERVER, { expiresAt: inAnHour });
      portal.clock.advance(59 * 60_000);
      expect(await partnerName(token.secret)).toBe(partner.name);

      portal.clock.advance(2 * 60_000);

      expect(await partnerName(token.secret)).toBe("UNAUTHENTICATED");
    });

    it("when the admin who created it is removed", async () => {
      const creator = await portal.given.admin(partner, AdminRole.ADMINISTRATOR);
      const token = await tokenOf(creator, AdminRole.OPERATOR);
      expect(await partnerName(token.secret)).toBe(partner.name);

      const removed = await portal.gql(removeAdmin, { input: { adminId: creator.id } }, { token: partner.master.token });
      expect(removed.data.removeAdmin.userErrors).toEqual([]);

      expect(await partnerName(token.secret)).toBe("UNAUTHENTICATED");
    });

    it("when the secret is unknown or altered", async () => {
      const token = await tokenOf(partner.master, AdminRole.OBSERVER);
      const altered = token.secret.slice(0, -1) + (token.secret.endsWith("A") ? "B" : "A");

      expect(await partnerName(altered)).toBe("UNAUTHENTICATED");
      expect(await partnerName("ppt_" + "x".repeat(43))).toBe("UNAUTHENTICATED");
      expect(await partnerName(token.secret)).toBe(partner.name);
    });
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});
