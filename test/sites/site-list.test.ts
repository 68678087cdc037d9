import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { ops } from "../support/operations";

const dayMs = 24 * 3600 * 1000;
const fields = ["NAME", "COUNTRY", "CREDITS", "MONTHLY_COST", "CREDITS_RUN_OUT_ON", "CREATED_AT"] as const;
type Field = (typeof fields)[number];
type Direction = "ASC" | "DESC";

interface ListedSite {
  id: string;
  name: string;
  country: string;
  notes: string;
  credits: number;
  monthlyCost: number;
  creditsRunOutOn: string | null;
  createdAt: string;
}

/** The value a site is sorted by; a site that never runs out sorts after every date. */
function sortValue(site: ListedSite, field: Field): number | string {
  switch (field) {
    case "NAME":
      return site.name;
    case "COUNTRY":
      return site.country;
    case "CREDITS":
      return site.credits;
    case "MONTHLY_COST":
      return site.monthlyCost;
    case "CREDITS_RUN_OUT_ON":
      return site.creditsRunOutOn ? new Date(site.creditsRunOutOn).getTime() : Number.MAX_SAFE_INTEGER;
    case "CREATED_AT":
      return new Date(site.createdAt).getTime();
  }
}

describe("the sites list", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let observer: Session;
  let otherPartner: GivenPartner;
  const sites: GivenSite[] = [];

  // Names start with a capital and have no spaces, so both databases' collations agree on their order.
  const fixtures: Array<{ name: string; country: string; notes?: string; credits?: number; devices?: number }> = [
    { name: "Almeria", country: "ES", credits: 10, devices: 10 },
    { name: "Bilbao", country: "ES", credits: 50, devices: 10 },
    { name: "Braga", country: "PT", credits: 0, devices: 3, notes: "VIP customer since 2019" },
    { name: "Cadiz", country: "ES", credits: 25 },
    { name: "Cadiz", country: "ES", credits: 25, devices: 5 },
    { name: "Coimbra", country: "PT", credits: 100, devices: 20 },
    { name: "Dijon", country: "FR", credits: 10, devices: 1 },
    { name: "Essen", country: "DE", credits: 60, devices: 10, notes: "Ask for the vip entrance" },
    { name: "Faro", country: "PT" },
    { name: "Granada", country: "ES", credits: 5, devices: 5 },
    { name: "Huelva", country: "ES", credits: 90, devices: 30 },
    { name: "Lyon", country: "FR", credits: 0, devices: 2 },
    { name: "Porcent%Plaza", country: "IT", notes: "under_score here" },
  ];

  beforeAll(async () => {
    portal = await Portal.start();
    // Mid-month at noon UTC: every run-out date (the 1st of a month) is a known number of days away.
    portal.clock.moveTo("2026-12-10T12:00:00.000Z");
    partner = await portal.given.partner({ name: "List VAR" });
    observer = await portal.given.admin(partner, AdminRole.OBSERVER);
    otherPartner = await portal.given.partner({ name: "Other list VAR" });
    for (const [i, f] of fixtures.entries()) {
      // Braga, both Cadiz and Coimbra are created in the same millisecond: CREATED_AT has ties to break.
      if (i === 2) portal.clock.freeze();
      sites.push(await portal.given.site(partner, { name: f.name, country: f.country, notes: f.notes, credits: f.credits, usage: f.devices ? { users: 0, devices: f.devices } : undefined }));
      if (i === 5) portal.clock.unfreeze();
      if (i < 2 || i >= 5) portal.clock.advance(1000);
    }
    // Another partner's sites share names, notes and countries with these; they must never show.
    await portal.given.site(otherPartner, { name: "Cadiz", country: "PT", notes: "VIP customer" });
    await portal.given.site(otherPartner, { name: "Almeria", country: "ES", credits: 1, usage: { users: 0, devices: 1 } });
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const list = async (variables: Record<string, unknown>) => {
    const response = await portal.gql(ops.sites, variables, { token: observer.token });
    expect(response.errors).toBeUndefined();
    return response.data.sites as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ cursor: string; node: ListedSite }>;
      nodes: Array<{ id: string }>;
    };
  };

  /** Every page of a list, following endCursor, checking each page's shape on the way. */
  async function pageThrough(variables: Record<string, unknown>, pageSize: number): Promise<ListedSite[]> {
    const seen: ListedSite[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const connection = await list({ ...variables, first: pageSize, after });
      expect(connection.nodes.map((n) => n.id)).toEqual(connection.edges.map((e) => e.node.id));
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      seen.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(connection.totalCount);
        return seen;
      }
      expect(connection.edges).toHaveLength(pageSize);
      after = connection.pageInfo.endCursor;
    }
    throw new Error("the list never ended");
  }

  describe("as an Observer", () => {
    it("lists the partner's sites by name by default, with a total count", async () => {
      const connection = await list({});
      expect(connection.totalCount).toBe(fixtures.length);
      expect(connection.pageInfo.hasNextPage).toBe(false);
      expect(connection.edges.map((e) => e.node.name)).toEqual(fixtures.map((f) => f.name).sort());
    });

    const orders = fields.flatMap((field) => (["ASC", "DESC"] as Direction[]).map((direction) => [field, direction] as const));
    it.each(orders)("pages through every site ordered by %s %s, in order, none skipped and none repeated", async (field, direction) => {
      const orderBy = { field, direction };
      const paged = await pageThrough({ orderBy }, 3);
      const ids = paged.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(sites.map((s) => s.id).sort());

      const values = paged.map((s) => sortValue(s, field));
      const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(values).toEqual(direction === "ASC" ? sorted : sorted.reverse());
      // The same order as one page holding everything.
      expect(ids).toEqual((await list({ orderBy, first: 100 })).edges.map((e) => e.node.id));
    });

    it("breaks ties by a stable key, so sites with the same name or creation time keep their places across pages", async () => {
      for (const size of [1, 2, 4]) {
        const byName = await pageThrough({ orderBy: { field: "NAME", direction: "ASC" } }, size);
        const cadiz = byName.filter((s) => s.name === "Cadiz").map((s) => s.id);
        expect(cadiz).toHaveLength(2);
        expect(cadiz).toEqual([...cadiz].sort());

        const byCreation = await pageThrough({ orderBy: { field: "CREATED_AT", direction: "DESC" } }, size);
        const sameMoment = byCreation.filter((s) => s.createdAt === byCreation.find((c) => c.name === "Braga")!.createdAt);
        expect(sameMoment.map((s) => s.name).sort()).toEqual(["Braga", "Cadiz", "Cadiz", "Coimbra"]);
        expect(sameMoment.map((s) => s.id)).toEqual(sameMoment.map((s) => s.id).sort().reverse());
        expect(new Set(byCreation.map((s) => s.id)).size).toBe(fixtures.length);
      }
    });

    describe("search", () => {
      const names = async (search: string) => (await list({ search, first: 100 })).edges.map((e) => e.node.name);

      it("finds part of a name, whatever its case", async () => {
        expect(await names("cAd")).toEqual(["Cadiz", "Cadiz"]);
        expect(await names("BRA")).toEqual(["Braga", "Coimbra"]);
      });

      it("finds words of the notes", async () => {
        expect(await names("vip")).toEqual(["Braga", "Essen"]);
      });

      it("finds the sites of a country by its code", async () => {
        expect(await names("pt")).toEqual(["Braga", "Coimbra", "Faro"]);
        expect(await names("FR")).toEqual(["Dijon", "Lyon"]);
      });

      it("takes % and _ literally", async () => {
        expect(await names("%")).toEqual(["Porcent%Plaza"]);
        expect(await names("_")).toEqual(["Porcent%Plaza"]);
      });

      it("counts only the matches and pages through them", async () => {
        const paged = await pageThrough({ search: "es" }, 2);
        expect(paged.map((s) => s.name)).toEqual(["Almeria", "Bilbao", "Cadiz", "Cadiz", "Essen", "Granada", "Huelva"]);
        expect((await list({ search: "es", first: 2 })).totalCount).toBe(7);
      });

      it("finds nothing of another partner", async () => {
        const found = await list({ search: "Cadiz", first: 100 });
        expect(found.edges.every((e) => sites.some((s) => s.id === e.node.id))).toBe(true);
        expect(found.totalCount).toBe(2);
      });
    });

    describe("needsCreditsWithinDays", () => {
      // Now is 10 December, noon, and December is not billed yet: a site whose credits cannot pay
      // December ran out on 1 December (9.5 days ago), one paying December runs out on 1 January
      // (21.5 days), one paying two more months on 1 February (52.5 days), three on 1 March (80.5 days).
      const within = async (days: number) =>
        (await list({ needsCreditsWithinDays: days, first: 100, orderBy: { field: "CREDITS_RUN_OUT_ON", direction: "ASC" } })).edges.map((e) => e.node.name);

      it("lists only the sites whose credits run out within that many days, soonest first", async () => {
        expect((await within(0)).sort()).toEqual(["Braga", "Lyon"]);
        expect((await within(21)).sort()).toEqual(["Braga", "Lyon"]);
        const in22 = await within(22);
        expect(in22.slice(0, 2).sort()).toEqual(["Braga", "Lyon"]);
        expect(in22.slice(2).sort()).toEqual(["Almeria", "Granada"]);
        expect(await within(80)).toHaveLength(4);
        expect((await within(81)).at(-1)).toBe("Huelva");
      });

      it("shows each listed site's run-out date within the window", async () => {
        const now = portal.clock.now().getTime();
        const found = await list({ needsCreditsWithinDays: 60, first: 100 });
        expect(found.totalCount).toBe(4);
        for (const { node } of found.edges) expect(new Date(node.creditsRunOutOn!).getTime() - now).toBeLessThanOrEqual(60 * dayMs);
      });

      it("never lists a site that costs nothing", async () => {
        const all = await within(3650);
        expect(all).not.toContain("Faro");
        expect(all).not.toContain("Porcent%Plaza");
        expect(all).toHaveLength(fixtures.length - 3);
      });
    });

    describe("refused arguments", () => {
      it.each([[0], [101], [-1]])("refuses first: %p with BAD_USER_INPUT", async (first) => {
        const response = await portal.gql(ops.sites, { first }, { token: observer.token });
        expect(outcome(response)).toBe("BAD_USER_INPUT");
        expect(response.errors![0].message).toMatch(/first must be between 1 and 100/);
        expect(response.data).toBeNull();
      });

      it("accepts first: 1 and first: 100", async () => {
        expect((await list({ first: 1 })).edges).toHaveLength(1);
        expect((await list({ first: 100 })).edges).toHaveLength(fixtures.length);
      });

      it("refuses a cursor it did not give out", async () => {
        for (const after of ["garbage", Buffer.from("[1,2,3]").toString("base64url"), Buffer.from('{"a":1}').toString("base64url")]) {
          expect(outcome(await portal.gql(ops.sites, { after }, { token: observer.token }))).toBe("BAD_USER_INPUT");
        }
      });

      it.each([[-1], [3651]])("refuses needsCreditsWithinDays: %p", async (days) => {
        expect(outcome(await portal.gql(ops.sites, { needsCreditsWithinDays: days }, { token: observer.token }))).toBe("BAD_USER_INPUT");
      });

      it("refuses a search longer than 200 characters", async () => {
        expect(outcome(await portal.gql(ops.sites, { search: "x".repeat(201) }, { token: observer.token }))).toBe("BAD_USER_INPUT");
      });
    });
  });

  describe("keyset cursors, while sites come and go", () => {
    it("neither skips nor repeats a site when one of an earlier page is deleted or a new one sorts before the cursor", async () => {
      const own = await portal.given.partner({ name: "Churn VAR" });
      const created: GivenSite[] = [];
      for (const name of ["Kilo", "Lima", "Mike", "November", "Oscar", "Papa"]) created.push(await portal.given.site(own, { name }));
      const page = (after: string | null) => portal.gql(ops.sites, { first: 2, after }, { token: own.master.token });

      const first = (await page(null)).data.sites;
      expect(first.edges.map((e: { node: ListedSite }) => e.node.name)).toEqual(["Kilo", "Lima"]);
      await portal.gql(ops.deleteSite, { input: { id: created[0].id } }, { token: own.master.token });
      await portal.given.site(own, { name: "Alpha" });

      const second = (await page(first.pageInfo.endCursor)).data.sites;
      expect(second.edges.map((e: { node: ListedSite }) => e.node.name)).toEqual(["Mike", "November"]);
      expect(second.totalCount).toBe(6);
      const third = (await page(second.pageInfo.endCursor)).data.sites;
      expect(third.edges.map((e: { node: ListedSite }) => e.node.name)).toEqual(["Oscar", "Papa"]);
      expect(third.pageInfo.hasNextPage).toBe(false);
    });
  });
});
