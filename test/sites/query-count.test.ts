import { AdminRole } from "../../server/roles";
import type { GivenPartner, Session } from "../support/given";
import { uniqueEmail } from "../support/given";
import { Portal } from "../support/harness";
import { ops, transactionFields } from "../support/operations";

/**
 * N+1 queries: a page of sites with every field, administrators included, and a page of the
 * credit history with each entry's site and actor, run as many SQL statements for 50 rows as
 * for 5. Statements are counted by the DataSource's logger, so every one is seen.
 */
describe("SQL statements per page", () => {
  let portal: Portal;
  let small: GivenPartner;
  let large: GivenPartner;
  let smallObserver: Session;
  let largeObserver: Session;

  /** Sites with two administrators each and credits allocated by two different admins, made ten at a time. */
  async function fill(partner: GivenPartner, operator: Session, sites: number) {
    for (let first = 0; first < sites; first += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, sites - first) }, async (_, j) => {
          const i = first + j;
          const site = await portal.given.site(partner, { name: `Site ${String(i).padStart(3, "0")}`, credits: 10, by: i % 2 ? operator : partner.master });
          await portal.gql(ops.inviteSiteAdministrator, { input: { siteId: site.id, email: uniqueEmail("second") } }, { token: operator.token });
        }),
      );
    }
  }

  beforeAll(async () => {
    portal = await Portal.start();
    small = await portal.given.partner({ name: "Five sites" });
    large = await portal.given.partner({ name: "Fifty sites" });
    smallObserver = await portal.given.admin(small, AdminRole.OBSERVER);
    largeObserver = await portal.given.admin(large, AdminRole.OBSERVER);
    const operators = [await portal.given.admin(small, AdminRole.OPERATOR), await portal.given.admin(large, AdminRole.OPERATOR)];
    // The outbox worker polls the database on its own; stop it so only the requests' statements count.
    // (The sites' invitation emails then stay in the outbox: nothing here reads them.)
    await portal.worker.stop();
    await fill(small, operators[0], 5);
    await fill(large, operators[1], 50);
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  async function statements(query: string, variables: Record<string, unknown>, token: string, check: (data: any) => void) {
    let data: unknown;
    const sql = await portal.sql.during(async () => {
      const response = await portal.gql(query, variables, { token });
      expect(response.errors).toBeUndefined();
      data = response.data;
    });
    check(data);
    return sql;
  }

  it("reads a sites page with every field and the administrators in as many statements for 50 sites as for 5", async () => {
    const few = await statements(ops.sites, { first: 100 }, smallObserver.token, (data) => {
      expect(data.sites.edges).toHaveLength(5);
      expect(data.sites.edges.every((e: any) => e.node.administrators.length === 2)).toBe(true);
    });
    const many = await statements(ops.sites, { first: 100 }, largeObserver.token, (data) => {
      expect(data.sites.edges).toHaveLength(50);
      expect(data.sites.edges.every((e: any) => e.node.administrators.length === 2 && e.node.credits === 10)).toBe(true);
    });
    expect(few.length).toBeGreaterThan(0);
    expect(many).toHaveLength(few.length);
  });

  it.each([
    ["nodes", (fields: string) => `nodes { ${fields} }`, (data: any) => data.creditTransactions.nodes],
    ["edges", (fields: string) => `edges { cursor node { ${fields} } }`, (data: any) => data.creditTransactions.edges.map((e: any) => e.node)],
  ])("reads a credit history page (%s) with each entry's site and actor in as many statements for 100 entries as for 10", async (_shape, selection, entries) => {
    const query = `query($first: Int) { creditTransactions(first: $first) { totalCount ${selection(transactionFields)} } }`;
    const few = await statements(query, { first: 100 }, smallObserver.token, (data) => {
      const allocations = entries(data).filter((t: any) => t.kind === "ALLOCATION");
      expect(entries(data)).toHaveLength(10);
      expect(allocations.filter((t: any) => t.site && t.actor)).toHaveLength(5);
      expect(new Set(allocations.map((t: any) => t.actor.id)).size).toBe(2);
    });
    const many = await statements(query, { first: 100 }, largeObserver.token, (data) => {
      const allocations = entries(data).filter((t: any) => t.kind === "ALLOCATION");
      expect(entries(data)).toHaveLength(100);
      expect(allocations.filter((t: any) => t.site && t.actor)).toHaveLength(50);
      expect(new Set(allocations.map((t: any) => t.actor.id)).size).toBe(2);
    });
    expect(many).toHaveLength(few.length);
  });
});
