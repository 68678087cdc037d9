import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { ops } from "../support/operations";

interface Entry {
  id: string;
  kind: string;
  credits: number;
  site: { id: string; name: string } | null;
  siteName: string | null;
  note: string | null;
  reference: string | null;
  createdAt: string;
}

describe("the credit history", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let observer: Session;
  let operator: Session;
  let north: GivenSite;
  let south: GivenSite;
  let otherPartner: GivenPartner;
  let otherSite: GivenSite;
  /** When each step below happened, by the test clock. */
  const at: Record<string, string> = {};

  beforeAll(async () => {
    // Sessions outlive the day of clock moves below.
    portal = await Portal.start({ JWT_TTL_SECONDS: String(7 * 24 * 3600) });
    portal.clock.moveTo("2026-11-01T08:00:00.000Z");
    partner = await portal.given.partner({ name: "History VAR" });
    observer = await portal.given.admin(partner, AdminRole.OBSERVER);
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    otherPartner = await portal.given.partner({ name: "Other history VAR" });
    otherSite = await portal.given.site(otherPartner, { name: "Foreign", credits: 9 });

    // One step an hour, so each entry has its own time.
    const step = async (name: string, run: () => Promise<unknown>) => {
      portal.clock.moveTo(new Date(Date.parse("2026-11-02T00:00:00.000Z") + Object.keys(at).length * 3600_000));
      at[name] = portal.clock.now().toISOString();
      await run();
    };
    const move = (kind: "allocateCredits" | "reclaimCredits", site: GivenSite, credits: number, note?: string) =>
      portal.gql(ops[kind], { input: { siteId: site.id, credits, note } }, { token: operator.token });

    await step("purchase", () => portal.given.credits(partner, 1000, "PO-100"));
    await step("create north", async () => (north = await portal.given.site(partner, { name: "North", by: operator })));
    await step("create south", async () => (south = await portal.given.site(partner, { name: "South", by: operator })));
    await step("allocate north", () => move("allocateCredits", north, 100, "first"));
    await step("allocate south", () => move("allocateCredits", south, 50));
    await step("reclaim north", () => move("reclaimCredits", north, 20, "too many"));
    await step("rename north", () => portal.gql(ops.updateSite, { input: { id: north.id, name: "North Tower" } }, { token: operator.token }));
    await step("allocate north again", () => move("allocateCredits", north, 5));
    await step("usage", async () => {
      await portal.given.usage(north.id, { users: 0, devices: 10 });
      await portal.given.usage(south.id, { users: 0, devices: 10 });
    });
    await step("billing", () => portal.platform(ops.runMonthlyBilling, { input: { month: "2026-11" } }));
    await step("second purchase", () => portal.given.credits(partner, 10, "PO-200"));
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const history = async (variables: Record<string, unknown>) => {
    const response = await portal.gql(ops.creditTransactions, variables, { token: observer.token });
    expect(response.errors).toBeUndefined();
    return response.data.creditTransactions as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: Entry }> };
  };
  const entries = async (variables: Record<string, unknown>) => (await history({ first: 100, ...variables })).edges.map((e) => e.node);
  const summary = (list: Entry[]) => list.map((e) => `${e.kind} ${e.credits}${e.siteName ? ` ${e.siteName}` : ""}`);

  describe("as an Observer", () => {
    it("lists every entry of the partner, newest first, and nothing of another partner", async () => {
      const all = await entries({});
      const lines = summary(all);
      expect(lines[0]).toBe("PURCHASE 10");
      // The billing run charged both sites at the same moment.
      expect(lines.slice(1, 3).sort()).toEqual(["MONTHLY_CHARGE 10 North Tower", "MONTHLY_CHARGE 10 South"]);
      expect(lines.slice(3)).toEqual(["ALLOCATION 5 North Tower", "RECLAIM 20 North", "ALLOCATION 50 South", "ALLOCATION 100 North", "PURCHASE 1000"]);
      const times = all.map((e) => Date.parse(e.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(all).toHaveLength(8);
      expect(all.some((e) => e.site?.id === otherSite.id || e.siteName === "Foreign")).toBe(false);
    });

    it("keeps the site's name of the time on each entry, and links the site as it is now", async () => {
      const north = (await entries({ kinds: ["ALLOCATION", "RECLAIM"] })).filter((e) => e.site?.name === "North Tower");
      expect(north.map((e) => [e.kind, e.siteName, e.note])).toEqual([
        ["ALLOCATION", "North Tower", null],
        ["RECLAIM", "North", "too many"],
        ["ALLOCATION", "North", "first"],
      ]);
    });

    describe("filters", () => {
      it("from is inclusive and to is exclusive", async () => {
        const window = await entries({ from: at["allocate south"], to: at["allocate north again"] });
        expect(summary(window)).toEqual(["RECLAIM 20 North", "ALLOCATION 50 South"]);
        expect((await history({ from: at["allocate south"], to: at["allocate north again"] })).totalCount).toBe(2);
      });

      it("takes from or to alone", async () => {
        expect(summary(await entries({ from: at["billing"] }))).toEqual(expect.arrayContaining(["PURCHASE 10", "MONTHLY_CHARGE 10 South", "MONTHLY_CHARGE 10 North Tower"]));
        expect(await entries({ from: at["billing"] })).toHaveLength(3);
        expect(summary(await entries({ to: at["create north"] }))).toEqual(["PURCHASE 1000"]);
      });

      it("filters by site", async () => {
        expect(summary(await entries({ siteId: south.id }))).toEqual(["MONTHLY_CHARGE 10 South", "ALLOCATION 50 South"]);
      });

      it("filters by kinds", async () => {
        expect(summary(await entries({ kinds: ["PURCHASE"] }))).toEqual(["PURCHASE 10", "PURCHASE 1000"]);
        expect((await entries({ kinds: ["MONTHLY_CHARGE"] })).map((e) => e.kind)).toEqual(["MONTHLY_CHARGE", "MONTHLY_CHARGE"]);
        expect(summary(await entries({ kinds: ["ALLOCATION", "RECLAIM"], siteId: north.id }))).toEqual(["ALLOCATION 5 North Tower", "RECLAIM 20 North", "ALLOCATION 100 North"]);
      });

      it("combines every filter", async () => {
        const found = await history({ from: at["allocate north"], to: at["billing"], siteId: north.id, kinds: ["ALLOCATION"] });
        expect(summary(found.edges.map((e) => e.node))).toEqual(["ALLOCATION 5 North Tower", "ALLOCATION 100 North"]);
        expect(found.totalCount).toBe(2);
      });

      it("finds nothing for another partner's site, as for a site that does not exist", async () => {
        const foreign = await history({ siteId: otherSite.id });
        expect(foreign.totalCount).toBe(0);
        expect(foreign.edges).toEqual([]);
      });

      it("refuses from after to", async () => {
        const response = await portal.gql(ops.creditTransactions, { from: at["billing"], to: at["purchase"] }, { token: observer.token });
        expect(outcome(response)).toBe("BAD_USER_INPUT");
      });

      it("refuses a kind that does not exist and a date that is not one", async () => {
        expect(outcome(await portal.gql(ops.creditTransactions, { kinds: ["GIFT"] }, { token: observer.token }))).toBe("BAD_USER_INPUT");
        expect(outcome(await portal.gql(ops.creditTransactions, { from: "yesterday" }, { token: observer.token }))).toBe("BAD_USER_INPUT");
      });
    });

    describe("paging", () => {
      it("pages through every entry with first/after, none skipped or repeated", async () => {
        for (const size of [1, 3]) {
          const seen: Entry[] = [];
          let after: string | null = null;
          for (;;) {
            const page = await history({ first: size, after });
            expect(page.totalCount).toBe(8);
            seen.push(...page.edges.map((e) => e.node));
            if (!page.pageInfo.hasNextPage) break;
            expect(page.edges).toHaveLength(size);
            after = page.pageInfo.endCursor;
          }
          expect(seen.map((e) => e.id)).toEqual((await entries({})).map((e) => e.id));
        }
      });

      it("pages through entries made in the same millisecond without losing one", async () => {
        const own = await portal.given.partner({ name: "Same moment VAR" });
        const site = await portal.given.site(own, { credits: 100 });
        portal.clock.freeze();
        for (let i = 0; i < 7; i++) await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 1 + i } }, { token: own.master.token });
        portal.clock.unfreeze();
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: any = (await portal.gql(ops.creditTransactions, { first: 2, after, kinds: ["RECLAIM"] }, { token: own.master.token })).data.creditTransactions;
          seen.push(...page.edges.map((e: { node: Entry }) => `${e.node.credits}@${e.node.createdAt}`));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after);
        expect(seen.map((s) => Number(s.split("@")[0])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(new Set(seen.map((s) => s.split("@")[1])).size).toBe(1);
      });

      it.each([[0], [101]])("refuses first: %p", async (first) => {
        expect(outcome(await portal.gql(ops.creditTransactions, { first }, { token: observer.token }))).toBe("BAD_USER_INPUT");
      });

      it("refuses a cursor it did not give out", async () => {
        expect(outcome(await portal.gql(ops.creditTransactions, { after: "bm90LWEtY3Vyc29y" }, { token: observer.token }))).toBe("BAD_USER_INPUT");
      });
    });
  });
});
