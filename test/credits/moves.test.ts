import { randomUUID } from "node:crypto";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, Session } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { stateOf } from "../support/ledger";
import { codes, ops } from "../support/operations";

describe("credit moves: allocate, reclaim and grant", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let operator: Session;
  let otherPartner: GivenPartner;
  let bigPartner: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner({ name: "Moves VAR" });
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    otherPartner = await portal.given.partner({ name: "Bystander VAR" });
    bigPartner = await portal.given.partner({ name: "Big VAR" });
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const allocate = (input: Record<string, unknown>, token = operator.token) => portal.gql(ops.allocateCredits, { input }, { token });
  const reclaim = (input: Record<string, unknown>, token = operator.token) => portal.gql(ops.reclaimCredits, { input }, { token });
  const grant = (input: Record<string, unknown>) => portal.platform(ops.grantCredits, { input });
  const billing = (month: string) => portal.platform(ops.runMonthlyBilling, { input: { month } });

  describe("as an Operator", () => {
    it("allocates credits: the pool goes down, the site goes up, and the ledger row says who, what, where and why", async () => {
      const site = await portal.given.site(partner, { name: "Allocation site" });
      const pool = await portal.given.credits(partner, 100);
      const response = await allocate({ siteId: site.id, credits: 40, note: "Q4 top-up" });

      expect(response.errors).toBeUndefined();
      const payload = response.data.allocateCredits;
      expect(payload.userErrors).toEqual([]);
      expect(payload.site).toEqual({ id: site.id, credits: 40, status: "ACTIVE" });
      expect(payload.partner).toEqual({ unallocatedCredits: pool - 40 });
      expect(payload.transaction).toMatchObject({
        kind: "ALLOCATION",
        credits: 40,
        site: { id: site.id, name: "Allocation site" },
        siteName: "Allocation site",
        unallocatedCreditsAfter: pool - 40,
        siteCreditsAfter: 40,
        actor: { id: operator.id, email: operator.email },
        note: "Q4 top-up",
        reference: null,
      });
      expect((await portal.gql(ops.site, { id: site.id }, { token: operator.token })).data.site.credits).toBe(40);
      expect((await portal.gql(ops.partner, {}, { token: operator.token })).data.partner.unallocatedCredits).toBe(pool - 40);

      const history = await portal.gql(ops.creditTransactions, { siteId: site.id, first: 1 }, { token: operator.token });
      expect(history.data.creditTransactions.edges[0].node).toEqual(payload.transaction);
    });

    it("reclaims credits: the site goes down, the pool goes up, and the ledger row records both balances after", async () => {
      const site = await portal.given.site(partner, { name: "Reclaim site", credits: 30 });
      const before = await stateOf(portal, partner.id);
      const response = await reclaim({ siteId: site.id, credits: 12, note: "Customer downsized" });

      const payload = response.data.reclaimCredits;
      expect(payload.userErrors).toEqual([]);
      expect(payload.site).toEqual({ id: site.id, credits: 18, status: "ACTIVE" });
      expect(payload.partner).toEqual({ unallocatedCredits: before.pool + 12 });
      expect(payload.transaction).toMatchObject({
        kind: "RECLAIM",
        credits: 12,
        site: { id: site.id, name: "Reclaim site" },
        siteName: "Reclaim site",
        unallocatedCreditsAfter: before.pool + 12,
        siteCreditsAfter: 18,
        actor: { id: operator.id },
        note: "Customer downsized",
      });
      expect((await stateOf(portal, partner.id)).ledgerRows).toBe(before.ledgerRows + 1);
    });

    it("reclaims every last credit of a site", async () => {
      const site = await portal.given.site(partner, { credits: 9 });
      const response = await reclaim({ siteId: site.id, credits: 9 });
      expect(response.data.reclaimCredits).toMatchObject({ site: { credits: 0 }, transaction: { siteCreditsAfter: 0 }, userErrors: [] });
    });

    it("re-activates a SUSPENDED site when credits are allocated to it, but not when credits are reclaimed", async () => {
      // The only site with a monthly cost in this file: billing suspends it and touches nothing else.
      const site = await portal.given.site(partner, { credits: 2, usage: { users: 0, devices: 5 } });
      const run = await billing(portal.clock.now().toISOString().slice(0, 7));
      expect(run.data.runMonthlyBilling).toMatchObject({ sitesSuspended: 1, sitesCharged: 0 });
      expect((await portal.gql(ops.site, { id: site.id }, { token: operator.token })).data.site).toMatchObject({ status: "SUSPENDED", credits: 2 });

      const reclaimed = await reclaim({ siteId: site.id, credits: 1 });
      expect(reclaimed.data.reclaimCredits.site).toMatchObject({ status: "SUSPENDED", credits: 1 });

      await portal.given.credits(partner, 10);
      // 11 credits cover the 5 a month: the month's unpaid charge is taken as it resumes.
      const allocated = await allocate({ siteId: site.id, credits: 10 });
      expect(allocated.data.allocateCredits.site).toEqual({ id: site.id, credits: 6, status: "ACTIVE" });
      expect((await portal.gql(ops.site, { id: site.id }, { token: operator.token })).data.site.status).toBe("ACTIVE");
    });

    describe("refusals change nothing", () => {
      // Each case runs against a site holding 20 credits; `pool` is the partner's pool at that moment.
      const refused: Array<[string, "allocate" | "reclaim", (pool: number) => Record<string, unknown>, string, string]> = [
        ["zero credits to allocate", "allocate", () => ({ credits: 0 }), "INVALID_CREDITS", "credits"],
        ["a negative allocation", "allocate", () => ({ credits: -10 }), "INVALID_CREDITS", "credits"],
        ["a huge allocation", "allocate", () => ({ credits: 2_147_483_647 }), "INVALID_CREDITS", "credits"],
        ["an allocation just past the per-move limit", "allocate", () => ({ credits: 1_000_000_001 }), "INVALID_CREDITS", "credits"],
        ["an allocation larger than the pool", "allocate", (pool) => ({ credits: pool + 1 }), "INSUFFICIENT_CREDITS", "credits"],
        ["zero credits to reclaim", "reclaim", () => ({ credits: 0 }), "INVALID_CREDITS", "credits"],
        ["a negative reclaim", "reclaim", () => ({ credits: -1 }), "INVALID_CREDITS", "credits"],
        ["a huge reclaim", "reclaim", () => ({ credits: 2_147_483_647 }), "INVALID_CREDITS", "credits"],
        ["a reclaim larger than the site holds", "reclaim", () => ({ credits: 21 }), "INSUFFICIENT_CREDITS", "credits"],
        ["a 501-character note", "allocate", () => ({ credits: 1, note: "n".repeat(501) }), "INVALID_NOTE", "note"],
        ["a 101-character idempotency key", "allocate", () => ({ credits: 1, idempotencyKey: "k".repeat(101) }), "INVALID_IDEMPOTENCY_KEY", "idempotencyKey"],
        ["an empty idempotency key", "reclaim", () => ({ credits: 1, idempotencyKey: "" }), "INVALID_IDEMPOTENCY_KEY", "idempotencyKey"],
      ];
      it.each(refused)("refuses %s with a userError", async (_case, move, input, code, field) => {
        const site = await portal.given.site(partner, { credits: 20 });
        await portal.given.credits(partner, 50);
        const before = await stateOf(portal, partner.id);

        const response = await (move === "allocate" ? allocate : reclaim)({ siteId: site.id, ...input(before.pool) });
        const payload = response.data[`${move}Credits`];
        expect(payload).toEqual({ transaction: null, site: null, partner: null, userErrors: [{ code, field: ["input", field], message: expect.any(String) }] });
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });

      it("says how many credits there are when there are not enough", async () => {
        const site = await portal.given.site(partner, { credits: 3 });
        const tooMuch = await reclaim({ siteId: site.id, credits: 4 });
        expect(tooMuch.data.reclaimCredits.userErrors[0].message).toMatch(/only 3 credits/);
        const { pool } = await stateOf(portal, partner.id);
        const poolTooLow = await allocate({ siteId: site.id, credits: pool + 1 });
        expect(poolTooLow.data.allocateCredits.userErrors[0].message).toContain(`only ${pool} unallocated credits`);
      });

      it("gives the figures of a refusal as params, so a client can word it in any language", async () => {
        const site = await portal.given.site(partner, { credits: 3 });
        const withParams = (name: string) =>
          `mutation($input: ${name[0].toUpperCase() + name.slice(1)}Input!) { ${name}(input: $input) { userErrors { code params { name value } } } }`;
        const tooMuch = await portal.gql(withParams("reclaimCredits"), { input: { siteId: site.id, credits: 4 } }, { token: operator.token });
        expect(tooMuch.data.reclaimCredits.userErrors).toEqual([
          { code: "INSUFFICIENT_CREDITS", params: [{ name: "available", value: "3" }, { name: "of", value: "site" }] },
        ]);
        const { pool } = await stateOf(portal, partner.id);
        const poolTooLow = await portal.gql(withParams("allocateCredits"), { input: { siteId: site.id, credits: pool + 1 } }, { token: operator.token });
        expect(poolTooLow.data.allocateCredits.userErrors).toEqual([
          { code: "INSUFFICIENT_CREDITS", params: [{ name: "available", value: String(pool) }, { name: "of", value: "pool" }] },
        ]);
        const zero = await portal.gql(withParams("allocateCredits"), { input: { siteId: site.id, credits: 0 } }, { token: operator.token });
        expect(zero.data.allocateCredits.userErrors).toEqual([
          { code: "INVALID_CREDITS", params: [{ name: "min", value: "1" }, { name: "max", value: "1000000000" }] },
        ]);
      });

      it.each([
        ["fractional credits", 2.5],
        ["credits beyond a 32-bit integer", 2 ** 31],
      ])("refuses %s at the GraphQL layer", async (_case, credits) => {
        const site = await portal.given.site(partner, { credits: 5 });
        const before = await stateOf(portal, partner.id);
        expect(outcome(await allocate({ siteId: site.id, credits }))).toBe("BAD_USER_INPUT");
        expect(outcome(await reclaim({ siteId: site.id, credits }))).toBe("BAD_USER_INPUT");
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });

      it("answers NOT_FOUND for another partner's site exactly as for a random id, and moves nothing on either side", async () => {
        const theirs = await portal.given.site(otherPartner, { credits: 10 });
        await portal.given.credits(partner, 10);
        const [mine, others] = [await stateOf(portal, partner.id), await stateOf(portal, otherPartner.id)];
        for (const move of [allocate, reclaim]) {
          const foreign = await move({ siteId: theirs.id, credits: 1 });
          const random = await move({ siteId: randomUUID(), credits: 1 });
          const payload = Object.values(foreign.data)[0];
          expect(payload).toEqual({ transaction: null, site: null, partner: null, userErrors: [{ code: "NOT_FOUND", field: ["input", "siteId"], message: expect.any(String) }] });
          expect(foreign.data).toEqual(random.data);
        }
        expect(await stateOf(portal, partner.id)).toEqual(mine);
        expect(await stateOf(portal, otherPartner.id)).toEqual(others);
      });

      it("answers NOT_FOUND for a deleted site", async () => {
        const site = await portal.given.site(partner, { credits: 4 });
        await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
        await portal.given.credits(partner, 5);
        const before = await stateOf(portal, partner.id);
        expect(codes((await allocate({ siteId: site.id, credits: 1 })).data.allocateCredits)).toEqual(["NOT_FOUND"]);
        expect(codes((await reclaim({ siteId: site.id, credits: 1 })).data.reclaimCredits)).toEqual(["NOT_FOUND"]);
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });
    });

    describe("idempotency keys", () => {
      it("answers a retry with the same key with the first transaction and moves nothing twice", async () => {
        const site = await portal.given.site(partner);
        await portal.given.credits(partner, 10);
        const before = await stateOf(portal, partner.id);
        const input = { siteId: site.id, credits: 7, idempotencyKey: `alloc-${randomUUID()}` };

        const first = (await allocate(input)).data.allocateCredits;
        const retry = (await allocate(input)).data.allocateCredits;
        expect(first.userErrors).toEqual([]);
        expect(retry.userErrors).toEqual([]);
        expect(retry.transaction).toEqual(first.transaction);
        expect(retry.site).toEqual({ id: site.id, credits: 7, status: "ACTIVE" });

        const after = await stateOf(portal, partner.id);
        expect(after.pool).toBe(before.pool - 7);
        expect(after.ledgerRows).toBe(before.ledgerRows + 1);
      });

      it("answers a reclaim retried by another admin of the partner with the first transaction", async () => {
        const site = await portal.given.site(partner, { credits: 10 });
        const input = { siteId: site.id, credits: 4, idempotencyKey: `reclaim-${randomUUID()}` };
        const first = (await reclaim(input)).data.reclaimCredits;
        const retry = (await reclaim(input, partner.master.token)).data.reclaimCredits;
        expect(retry.transaction.id).toBe(first.transaction.id);
        expect(retry.transaction.actor.id).toBe(operator.id);
        expect((await portal.gql(ops.site, { id: site.id }, { token: operator.token })).data.site.credits).toBe(6);
      });

      it.each([
        ["other credits", { credits: 3 }, "allocate"],
        ["another site", { siteId: "other" }, "allocate"],
        ["the other direction", {}, "reclaim"],
      ] as const)("refuses the key reused for a different request (%s) and changes nothing", async (_case, change, move) => {
        const site = await portal.given.site(partner, { credits: 10 });
        const other = await portal.given.site(partner, { credits: 10 });
        await portal.given.credits(partner, 10);
        const key = `key-${randomUUID()}`;
        expect((await allocate({ siteId: site.id, credits: 2, idempotencyKey: key })).data.allocateCredits.userErrors).toEqual([]);
        const before = await stateOf(portal, partner.id);

        const input = { siteId: site.id, credits: 2, idempotencyKey: key, ...change, ...("siteId" in change ? { siteId: other.id } : {}) };
        const response = await (move === "allocate" ? allocate : reclaim)(input);
        expect(Object.values(response.data)[0]).toEqual({
          transaction: null,
          site: null,
          partner: null,
          userErrors: [{ code: "IDEMPOTENCY_KEY_REUSED", field: ["input", "idempotencyKey"], message: expect.any(String) }],
        });
        expect(await stateOf(portal, partner.id)).toEqual(before);
      });

      it("does not use up a key on a refused move: the retry after credits arrive goes through", async () => {
        const site = await portal.given.site(partner);
        const { pool } = await stateOf(portal, partner.id);
        const input = { siteId: site.id, credits: pool + 5, idempotencyKey: `later-${randomUUID()}` };
        expect(codes((await allocate(input)).data.allocateCredits)).toEqual(["INSUFFICIENT_CREDITS"]);
        await portal.given.credits(partner, 5);
        const retry = (await allocate(input)).data.allocateCredits;
        expect(retry).toMatchObject({ userErrors: [], site: { credits: pool + 5 }, partner: { unallocatedCredits: 0 } });
      });

      it("keeps keys apart between partners", async () => {
        const key = `shared-${randomUUID()}`;
        const mine = await portal.given.site(partner, { credits: 5 });
        const theirs = await portal.given.site(otherPartner, { credits: 5 });
        const a = (await reclaim({ siteId: mine.id, credits: 1, idempotencyKey: key })).data.reclaimCredits;
        const b = (await reclaim({ siteId: theirs.id, credits: 1, idempotencyKey: key }, otherPartner.master.token)).data.reclaimCredits;
        expect(a.userErrors).toEqual([]);
        expect(b.userErrors).toEqual([]);
        expect(b.transaction.id).not.toBe(a.transaction.id);
        expect(b.site.credits).toBe(4);
      });
    });
  });

  describe("as the platform operator", () => {
    it("grants credits to a partner's pool as a PURCHASE with its reference, and to no other partner", async () => {
      const before = await stateOf(portal, partner.id);
      const bystander = await stateOf(portal, otherPartner.id);
      const response = await grant({ partnerId: partner.id, credits: 250, reference: "PO-2026-0042" });
      expect(response.data.grantCredits).toMatchObject({
        partner: { id: partner.id, unallocatedCredits: before.pool + 250 },
        transaction: {
          kind: "PURCHASE",
          credits: 250,
          site: null,
          siteName: null,
          unallocatedCreditsAfter: before.pool + 250,
          siteCreditsAfter: null,
          actor: null,
          reference: "PO-2026-0042",
        },
        userErrors: [],
      });
      expect(await stateOf(portal, otherPartner.id)).toEqual(bystander);
      const history = await portal.gql(ops.creditTransactions, { kinds: ["PURCHASE"], first: 1 }, { token: operator.token });
      expect(history.data.creditTransactions.edges[0].node).toEqual(response.data.grantCredits.transaction);
    });

    it("answers a retried grant with the same key with the first transaction, and refuses the key for another grant", async () => {
      const before = await stateOf(portal, partner.id);
      const input = { partnerId: partner.id, credits: 100, reference: "PO-retry", idempotencyKey: `grant-${randomUUID()}` };
      const first = (await grant(input)).data.grantCredits;
      const retry = (await grant(input)).data.grantCredits;
      expect(retry.transaction).toEqual(first.transaction);
      expect((await stateOf(portal, partner.id)).pool).toBe(before.pool + 100);

      const reused = (await grant({ ...input, reference: "PO-other" })).data.grantCredits;
      expect(codes(reused)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
      const after = await stateOf(portal, partner.id);
      expect(after.pool).toBe(before.pool + 100);
      expect(after.ledgerRows).toBe(before.ledgerRows + 1);
    });

    const refused: Array<[string, Record<string, unknown>, string, string]> = [
      ["zero credits", { credits: 0 }, "INVALID_CREDITS", "credits"],
      ["negative credits", { credits: -100 }, "INVALID_CREDITS", "credits"],
      ["a huge amount", { credits: 2_147_483_647 }, "INVALID_CREDITS", "credits"],
      ["an empty reference", { reference: "  " }, "INVALID_REFERENCE", "reference"],
      ["a 201-character reference", { reference: "r".repeat(201) }, "INVALID_REFERENCE", "reference"],
    ];
    it.each(refused)("refuses a grant of %s and changes nothing", async (_case, input, code, field) => {
      const before = await stateOf(portal, partner.id);
      const response = await grant({ partnerId: partner.id, credits: 10, reference: "PO-x", ...input });
      expect(response.data.grantCredits).toEqual({ transaction: null, partner: null, userErrors: [{ code, field: ["input", field], message: expect.any(String) }] });
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });

    it("refuses a fractional grant at the GraphQL layer", async () => {
      const before = await stateOf(portal, partner.id);
      expect(outcome(await grant({ partnerId: partner.id, credits: 0.5, reference: "PO-half" }))).toBe("BAD_USER_INPUT");
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });

    it("refuses a grant to a partner that does not exist", async () => {
      const response = await grant({ partnerId: randomUUID(), credits: 10, reference: "PO-nobody" });
      expect(codes(response.data.grantCredits)).toEqual(["NOT_FOUND"]);
    });

    it("refuses a grant that would take a pool past 2,000,000,000 credits", async () => {
      const big = bigPartner;
      expect((await grant({ partnerId: big.id, credits: 1_000_000_000, reference: "PO-big-1" })).data.grantCredits.userErrors).toEqual([]);
      expect((await grant({ partnerId: big.id, credits: 1_000_000_000, reference: "PO-big-2" })).data.grantCredits.userErrors).toEqual([]);
      const before = await stateOf(portal, big.id);
      const third = await grant({ partnerId: big.id, credits: 1, reference: "PO-big-3" });
      expect(codes(third.data.grantCredits)).toEqual(["BALANCE_LIMIT"]);
      expect(await stateOf(portal, big.id)).toEqual(before);
      expect(before.pool).toBe(2_000_000_000);
    });
  });
});
