import { randomUUID } from "node:crypto";
import { AdminRole } from "../../server/roles";
import type { GivenPartner } from "../support/given";
import { Portal } from "../support/harness";
import { ops } from "../support/operations";

/** A key and the variants a case-, accent- or space-folding comparison would take for it. */
function variants(): string[] {
  const base = `key-${randomUUID()}-`;
  return [`${base}ab`, `${base}aB`, `${base}Ab`, `${base}áb`, `${base}ab `];
}

/**
 * Keys compared for identity (idempotency keys, grant references, token hashes) are compared
 * byte for byte in both dialects: on MySQL the default collation would fold case, accents and
 * trailing spaces, so that different keys would replay each other's transactions.
 */
describe("keys compared byte for byte", () => {
  let portal: Portal;
  let partner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Exact VAR" });
    await portal.given.credits(partner, 1000);
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const pool = async () => (await portal.gql(ops.partner, {}, { token: partner.master.token })).data.partner.unallocatedCredits as number;

  describe("as a Master", () => {
    it("allocates once per key when keys differ only in case, accent or a trailing space, and still replays the exact key", async () => {
      const site = await portal.given.site(partner, { name: "Allocations" });
      const before = await pool();
      const keys = variants();

      const ids = [];
      for (const key of keys) {
        const response = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1, idempotencyKey: key } }, { token: partner.master.token });
        expect(response.data.allocateCredits.userErrors).toEqual([]);
        ids.push(response.data.allocateCredits.transaction.id);
      }
      const retried = await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 1, idempotencyKey: keys[0] } }, { token: partner.master.token });

      expect(new Set(ids).size).toBe(keys.length);
      expect(retried.data.allocateCredits.transaction.id).toBe(ids[0]);
      expect(retried.data.allocateCredits.site.credits).toBe(keys.length);
      expect(await pool()).toBe(before - keys.length);
    });

    it("reclaims once per key when keys differ only in case, accent or a trailing space", async () => {
      const site = await portal.given.site(partner, { name: "Reclaims", credits: 10 });
      const keys = variants();

      const ids = [];
      for (const key of keys) {
        const response = await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 1, idempotencyKey: key } }, { token: partner.master.token });
        expect(response.data.reclaimCredits.userErrors).toEqual([]);
        ids.push(response.data.reclaimCredits.transaction.id);
      }

      expect(new Set(ids).size).toBe(keys.length);
      const listed = await portal.gql(ops.site, { id: site.id }, { token: partner.master.token });
      expect(listed.data.site.credits).toBe(10 - keys.length);
    });
  });

  describe("as the platform operator", () => {
    it("grants once per key when keys differ only in case, accent or a trailing space", async () => {
      const before = await pool();
      const keys = variants();
      const references = keys.map((_, i) => `PO-exact-${i}`);

      const granted = [];
      for (const [i, key] of keys.entries()) {
        const response = await portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits: 10, reference: references[i], idempotencyKey: key } });
        expect(response.data.grantCredits.userErrors).toEqual([]);
        granted.push(response.data.grantCredits.transaction);
      }

      expect(new Set(granted.map((t) => t.id)).size).toBe(keys.length);
      expect(granted.map((t) => t.reference)).toEqual(references);
      expect(await pool()).toBe(before + 10 * keys.length);
    });
  });

  describe("stored token hashes", () => {
    it("are not matched by a case variant of the hash", async () => {
      await portal.given.invitation(partner, AdminRole.OBSERVER);
      await portal.given.site(partner, { name: "Invited" });
      const token = await portal.gql(`mutation { createApiToken(input: { name: "Exact tool", role: OBSERVER }) { secret } }`, {}, { token: partner.master.token });
      expect(token.data.createApiToken.secret).toEqual(expect.any(String));

      for (const [table, column] of [["partner_admin", "invitation_token_hash"], ["site_administrator", "token_hash"], ["api_token", "secret_hash"]]) {
        const [stored] = await portal.dataSource.query(`SELECT ${column} AS hash FROM ${table} WHERE ${column} IS NOT NULL AND partner_id = ?`, [partner.id]);
        const variant = String(stored.hash).toUpperCase();
        const [{ n }] = await portal.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [variant]);
        expect({ column, matches: Number(n) }).toEqual({ column, matches: 0 });
      }
    });
  });
});
