import type { GivenPartner, Session } from "../support/given";
import { AdminRole } from "../../server/roles";
import { outcome, Portal } from "../support/harness";
import { balancesAndSums, effect, ledgerRows, type LedgerRow } from "../support/ledger";
import { codes, ops } from "../support/operations";

/** A small seeded generator, so a failing run can be replayed exactly. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)] };
}

interface ModelSite {
  id: string;
  partnerId: string;
  credits: number;
  cost: number;
  status: "ACTIVE" | "SUSPENDED";
  deleted: boolean;
  charged: Set<string>;
  /** "YYYY-MM": the site owes nothing for earlier months. */
  createdIn: string;
}

/**
 * Can these ledger rows, in time order (rows of the same millisecond in some order), each start
 * from the balance the previous one left? `delta` is what a row does to the balance, `after` the
 * balance it says it left. Returns null when they can, else where the chain breaks.
 */
function chainBreak(rows: LedgerRow[], delta: (row: LedgerRow) => number, after: (row: LedgerRow) => number): string | null {
  const sorted = [...rows].sort((a, b) => a.createdAt - b.createdAt);
  const groups: LedgerRow[][] = [];
  for (const row of sorted) {
    if (groups.length && groups.at(-1)![0].createdAt === row.createdAt) groups.at(-1)!.push(row);
    else groups.push([row]);
  }
  const walk = (balance: number, group: LedgerRow[]): number | null => {
    if (!group.length) return balance;
    const tried = new Set<string>();
    for (const [i, row] of group.entries()) {
      const shape = `${delta(row)}:${after(row)}`;
      if (tried.has(shape) || after(row) - delta(row) !== balance) continue;
      tried.add(shape);
      const end = walk(after(row), [...group.slice(0, i), ...group.slice(i + 1)]);
      if (end !== null) return end;
    }
    return null;
  };
  let balance = 0;
  for (const group of groups) {
    const end = walk(balance, group);
    if (end === null) return `after a balance of ${balance}, no order of ${JSON.stringify(group)} follows on`;
    balance = end;
  }
  return null;
}

describe("the ledger invariant after a few hundred random moves", () => {
  const seed = Number(process.env.LEDGER_SEED ?? 20261123);
  let portal: Portal;
  const partners: Array<GivenPartner & { operator: Session }> = [];
  const pools = new Map<string, number>();
  const sites = new Map<string, ModelSite>();
  const tally: Record<string, number> = {};
  const note = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);

  beforeAll(async () => {
    portal = await Portal.start();
    portal.clock.moveTo("2026-11-20T12:00:00.000Z");
    for (const name of ["Ledger A", "Ledger B", "Ledger C"]) {
      const partner = await portal.given.partner({ name });
      partners.push({ ...partner, operator: await portal.given.admin(partner, AdminRole.OPERATOR) });
      pools.set(partner.id, 0);
    }
  });
  afterAll(() => portal.stop());

  it(`keeps every balance equal to the sum of its ledger rows, and none negative (seed ${seed})`, async () => {
    const rnd = random(seed);
    const livingSites = () => [...sites.values()].filter((s) => !s.deleted);
    // Now and then a deleted site, which must answer NOT_FOUND.
    const anySite = () => rnd.pick(rnd.next() < 0.1 ? [...sites.values()] : livingSites());
    const who = (partnerId: string) => {
      const partner = partners.find((p) => p.id === partnerId)!;
      return { token: rnd.pick([partner.master, partner.operator]).token };
    };
    let month = { year: 2025, month: 1 };
    const monthText = () => `${month.year}-${String(month.month).padStart(2, "0")}`;

    const moves = {
      async grant() {
        const partner = rnd.pick(partners);
        const credits = rnd.int(1, 120);
        const response = await portal.platform(ops.grantCredits, { input: { partnerId: partner.id, credits, reference: `PO-${rnd.int(1, 1e6)}` } });
        expect(codes(response.data.grantCredits)).toEqual([]);
        pools.set(partner.id, pools.get(partner.id)! + credits);
        note("grant");
      },
      async createSite() {
        const partner = rnd.pick(partners);
        const credits = rnd.next() < 0.3 ? 0 : rnd.int(1, 80);
        const response = await portal.gql(
          ops.createSite,
          { input: { name: `Site ${sites.size}`, country: "ES", timeZone: "Europe/Madrid", administratorEmail: `owner${sites.size}@customer.example`, credits } },
          who(partner.id),
        );
        const payload = response.data.createSite;
        if (credits > pools.get(partner.id)!) {
          expect(codes(payload)).toEqual(["INSUFFICIENT_CREDITS"]);
          return note("createSite refused");
        }
        expect(codes(payload)).toEqual([]);
        pools.set(partner.id, pools.get(partner.id)! - credits);
        const createdIn = portal.clock.now().toISOString().slice(0, 7);
        sites.set(payload.site.id, { id: payload.site.id, partnerId: partner.id, credits, cost: 0, status: "ACTIVE", deleted: false, charged: new Set(), createdIn });
        note("createSite");
      },
      /** Several allocations and reclaims at the same moment, some bound to fail. */
      async burst() {
        const requests = Array.from({ length: rnd.int(2, 6) }, () => {
          const site = anySite();
          const kind = rnd.next() < 0.55 ? "allocateCredits" : "reclaimCredits";
          const credits = rnd.next() < 0.1 ? rnd.pick([0, -3]) : rnd.int(1, 60);
          return { site, kind, credits, response: portal.gql(ops[kind], { input: { siteId: site.id, credits } }, who(site.partnerId)) };
        });
        for (const { site, kind, credits, response } of requests) {
          const awaited = await response;
          expect(outcome(awaited)).toBe("OK");
          const payload = awaited.data[kind];
          const refusal = codes(payload)[0];
          if (credits < 1) expect(refusal).toBe("INVALID_CREDITS");
          else if (site.deleted) expect(refusal).toBe("NOT_FOUND");
          else if (refusal) expect(refusal).toBe("INSUFFICIENT_CREDITS");
          note(`${kind} ${refusal ?? "ok"}`);
          if (refusal) continue;
          const delta = kind === "allocateCredits" ? credits : -credits;
          site.credits += delta;
          pools.set(site.partnerId, pools.get(site.partnerId)! - delta);
          // A suspended site resumes once its credits cover its cost, paying the current month's charge then.
          if (site.status === "SUSPENDED" && payload.site.status === "ACTIVE") {
            const current = portal.clock.now().toISOString().slice(0, 7);
            if (site.cost > 0 && !site.charged.has(current)) {
              site.credits -= site.cost;
              site.charged.add(current);
            }
            site.status = "ACTIVE";
            note("resumed");
          }
        }
      },
      async usage() {
        const site = rnd.pick(livingSites());
        if (!site) return;
        const devices = rnd.int(0, 15);
        const response = await portal.platform(ops.reportSiteUsage, { input: { siteId: site.id, userCount: rnd.int(0, 500), deviceCount: devices } });
        expect(codes(response.data.reportSiteUsage)).toEqual([]);
        site.cost = devices;
        note("usage");
      },
      async billing() {
        // Mostly the next month; now and then a month already billed, which must charge nobody.
        const again = rnd.next() < 0.25 && month.month > 1;
        const billed = again ? `${month.year}-${String(month.month - 1).padStart(2, "0")}` : monthText();
        if (!again) month = month.month === 12 ? { year: month.year + 1, month: 1 } : { year: month.year, month: month.month + 1 };
        const expected = { sitesCharged: 0, creditsCharged: 0, sitesSuspended: 0 };
        for (const site of livingSites()) {
          if (site.status !== "ACTIVE" || site.cost === 0 || site.charged.has(billed) || site.createdIn > billed) continue;
          if (site.credits >= site.cost) {
            expected.sitesCharged++;
            expected.creditsCharged += site.cost;
            site.credits -= site.cost;
            site.charged.add(billed);
          } else {
            expected.sitesSuspended++;
            site.status = "SUSPENDED";
          }
        }
        const response = await portal.platform(ops.runMonthlyBilling, { input: { month: billed } });
        expect(response.data.runMonthlyBilling).toEqual({ month: billed, ...expected, userErrors: [] });
        note(again ? "billing again" : "billing");
      },
      async deleteSite() {
        const site = rnd.pick(livingSites());
        if (!site) return;
        const partner = partners.find((p) => p.id === site.partnerId)!;
        const response = await portal.gql(ops.deleteSite, { input: { id: site.id } }, { token: partner.master.token });
        expect(codes(response.data.deleteSite)).toEqual([]);
        pools.set(site.partnerId, pools.get(site.partnerId)! + site.credits);
        site.credits = 0;
        site.deleted = true;
        note("deleteSite");
      },
    };
    const weights: Array<[keyof typeof moves, number]> = [
      ["grant", 8],
      ["createSite", 8],
      ["burst", 55],
      ["usage", 12],
      ["billing", 10],
      ["deleteSite", 3],
    ];
    const pickMove = () => {
      let roll = rnd.next() * weights.reduce((sum, [, w]) => sum + w, 0);
      for (const [move, weight] of weights) if ((roll -= weight) < 0) return move;
      return "burst";
    };

    // The first sites date from December 2024, so that every month billed below is due for them;
    // sites made later, during the run, owe nothing for the months before they were made.
    const now = portal.clock.now();
    portal.clock.moveTo("2024-12-15T12:00:00.000Z");
    for (const partner of partners) pools.set(partner.id, await portal.given.credits(partner, 150));
    while (sites.size < 6) await moves.createSite();
    portal.clock.moveTo(now);
    for (let step = 0; step < 170; step++) await moves[pickMove()]();

    // The run must have exercised refusals as well as moves.
    expect(tally["allocateCredits ok"]).toBeGreaterThan(20);
    expect(tally["reclaimCredits ok"]).toBeGreaterThan(20);
    expect(tally["allocateCredits INSUFFICIENT_CREDITS"] + tally["reclaimCredits INSUFFICIENT_CREDITS"]).toBeGreaterThan(10);
    expect(tally["billing"]).toBeGreaterThan(3);
    expect(tally["deleteSite"]).toBeGreaterThan(0);
    expect(Object.values(tally).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(300);
    expect((await ledgerRows(portal)).length).toBeGreaterThan(150);

    // 1. Every balance equals the signed sum of its ledger rows (summed by the database), and none is negative.
    const { partners: partnerSums, sites: siteSums } = await balancesAndSums(portal);
    for (const row of [...partnerSums, ...siteSums]) {
      expect({ id: row.id, balance: row.balance }).toEqual({ id: row.id, balance: row.ledger });
      expect(row.balance).toBeGreaterThanOrEqual(0);
    }
    for (const row of siteSums.filter((s) => s.deleted)) expect(row.balance).toBe(0);

    // 2. The balances are the ones the responses described, move by move.
    for (const partner of partnerSums) expect({ id: partner.id, balance: partner.balance }).toEqual({ id: partner.id, balance: pools.get(partner.id) });
    for (const site of siteSums) expect({ id: site.id, balance: site.balance }).toEqual({ id: site.id, balance: sites.get(site.id)!.credits });
    const stored = await portal.dataSource.query("SELECT id, status FROM site");
    for (const row of stored) expect({ id: row.id, status: row.status }).toEqual({ id: row.id, status: sites.get(row.id)!.status });

    // 3. Each row's balances after follow from the row before it, for every pool and every site.
    const rows = await ledgerRows(portal);
    for (const partner of partners) {
      const own = rows.filter((r) => r.partnerId === partner.id);
      expect(chainBreak(own, (r) => effect(r).pool, (r) => r.unallocatedCreditsAfter)).toBeNull();
    }
    for (const site of sites.values()) {
      const own = rows.filter((r) => r.siteId === site.id);
      expect(own.every((r) => r.siteCreditsAfter !== null && r.siteCreditsAfter >= 0 && r.unallocatedCreditsAfter >= 0)).toBe(true);
      expect(chainBreak(own, (r) => effect(r).site, (r) => r.siteCreditsAfter!)).toBeNull();
    }
    expect(rows.every((r) => r.credits > 0)).toBe(true);
    expect(portal.errorsLogged).toEqual([]);
    // Hundreds of committed transactions: on MariaDB each is a log flush, slow on a busy shared disk.
  }, 180_000);
});
