import { AdminRole } from "../../server/roles";
import { uniqueEmail, type GivenPartner, type GivenSite, type Session } from "../support/given";
import { outcome, platformKey, Portal, type Credentials } from "../support/harness";
import { A, actors, F, N, U, type ActorKey, type Attempt, type Expected } from "../support/permission-matrix";
import { ledgerRows, stateOf } from "../support/ledger";
import { ops } from "../support/operations";

/**
 * Every query and mutation of the sites and credits half × every kind of caller: what each
 * may do, and the exact refusal otherwise. Acme is the partner under test; Globex is another
 * partner whose Master tries the same operations on Acme's ids and must learn nothing of them.
 */

interface Operation {
  /** What the caller tries, as the end of a sentence. */
  does: string;
  /** The field of the operation in the response. */
  field: string;
  /** For a mutation on one of Acme's sites: the input field naming it, which a NOT_FOUND userError points at. */
  idField?: string;
  attempt(actor: ActorKey): Promise<Attempt>;
}

describe("who may do what with sites and credits", () => {
  let portal: Portal;
  let acme: GivenPartner;
  let globex: GivenPartner;
  const staff = {} as Record<AdminRole, Session>;
  /** A site of each partner that every read looks at. */
  let acmeSite: GivenSite;
  let globexSite: GivenSite;
  /** Unused site administrator invitation links, one per actor, mailed before the queue fills up. */
  const invitationTokens: string[] = [];

  beforeAll(async () => {
    portal = await Portal.start();
    acme = await portal.given.partner({ name: "Acme" });
    staff.MASTER = acme.master;
    for (const role of [AdminRole.OBSERVER, AdminRole.OPERATOR, AdminRole.ADMINISTRATOR]) staff[role] = await portal.given.admin(acme, role);
    globex = await portal.given.partner({ name: "Globex" });
    acmeSite = await portal.given.site(acme, { name: "Acme HQ", credits: 10 });
    globexSite = await portal.given.site(globex, { name: "Globex HQ", credits: 10 });
    const invited = await Promise.all(actors.map(() => portal.given.site(acme, { name: "Invited site" })));
    for (const s of invited) {
      const mail = await portal.mail.waitFor(s.administratorEmail);
      invitationTokens.push(new URL(mail.link!).searchParams.get("token")!);
    }
  });
  afterAll(() => portal.stop());

  const credentials = (actor: ActorKey): Credentials => {
    if (actor === "anonymous") return {};
    if (actor === "platform") return { token: platformKey };
    return { token: (actor === "globexMaster" ? globex.master : staff[actor as AdminRole]).token };
  };
  const nothing = async () => undefined;

  /** A read: nothing to change; `check` sees the data and whether the caller is Globex's. */
  function read(does: string, field: string, query: string, variables: () => Record<string, unknown>, check: (data: any, globexCaller: boolean) => void): Operation {
    return {
      does,
      field,
      async attempt(actor) {
        const response = await portal.gql(query, variables(), credentials(actor));
        return { response, succeeded: async () => check(response.data, actor === "globexMaster"), unchanged: nothing };
      },
    };
  }

  /**
   * A mutation on a fresh Acme site holding 20 credits, with 20 more in Acme's pool; Acme's and
   * Globex's stored state are compared before and after.
   */
  function onSite(does: string, field: string, idField: string, input: (site: GivenSite) => Record<string, unknown>, check: (payload: any, site: GivenSite) => Promise<void>): Operation {
    return {
      does,
      field,
      idField,
      async attempt(actor) {
        const site = await portal.given.site(acme, { credits: 20, usage: { users: 0, devices: 2 } });
        await portal.given.credits(acme, 20);
        const before = [await stateOf(portal, acme.id), await stateOf(portal, globex.id)];
        const response = await portal.gql((ops as Record<string, string>)[field], { input: input(site) }, credentials(actor));
        return {
          response,
          succeeded: async () => check(response.data[field], site),
          unchanged: async () => expect([await stateOf(portal, acme.id), await stateOf(portal, globex.id)]).toEqual(before),
        };
      },
    };
  }

  const sites = read("list sites (sites)", "sites", ops.sites, () => ({ first: 100 }), (data, globexCaller) => {
    const ids: string[] = data.sites.nodes.map((s: { id: string }) => s.id);
    expect(ids).toContain(globexCaller ? globexSite.id : acmeSite.id);
    expect(ids).not.toContain(globexCaller ? acmeSite.id : globexSite.id);
  });

  const site: Operation = {
    ...read("read one of Acme's sites (site)", "site", ops.site, () => ({ id: acmeSite.id }), (data) => expect(data.site).toMatchObject({ id: acmeSite.id, name: "Acme HQ", credits: 10 })),
    idField: "id",
  };

  const creditTransactions = read(
    "read the credit history, filtered by one of Acme's sites (creditTransactions)",
    "creditTransactions",
    ops.creditTransactions,
    () => ({ siteId: acmeSite.id }),
    (data, globexCaller) => {
      const entries = data.creditTransactions.edges.map((e: { node: { siteName: string } }) => e.node.siteName);
      // Globex's filter by an Acme site finds nothing, exactly like a site that does not exist.
      expect(entries).toEqual(globexCaller ? [] : ["Acme HQ"]);
      expect(data.creditTransactions.totalCount).toBe(entries.length);
    },
  );

  const createSite: Operation = {
    does: "create a site (createSite)",
    field: "createSite",
    async attempt(actor) {
      const name = `Matrix ${uniqueEmail("site")}`;
      const before = [await stateOf(portal, acme.id), await stateOf(portal, globex.id)];
      const response = await portal.gql(ops.createSite, { input: { name, country: "ES", timeZone: "Europe/Madrid", administratorEmail: uniqueEmail("owner") } }, credentials(actor));
      return {
        response,
        succeeded: async () => {
          expect(response.data.createSite).toMatchObject({ site: { name, status: "ACTIVE" }, userErrors: [] });
          // Always in the caller's own partner.
          const owner = actor === "globexMaster" ? globex : acme;
          expect((await stateOf(portal, owner.id)).sites.map((s) => s.name)).toContain(name);
        },
        unchanged: async () => expect([await stateOf(portal, acme.id), await stateOf(portal, globex.id)]).toEqual(before),
      };
    },
  };

  const updateSite = onSite("rename one of Acme's sites (updateSite)", "updateSite", "id", (s) => ({ id: s.id, name: "Renamed" }), async (payload, s) => {
    expect(payload).toMatchObject({ site: { id: s.id, name: "Renamed" }, userErrors: [] });
  });

  const deleteSite = onSite("delete one of Acme's sites (deleteSite)", "deleteSite", "id", (s) => ({ id: s.id }), async (payload, s) => {
    expect(payload).toMatchObject({ deletedSiteId: s.id, userErrors: [] });
    expect((await stateOf(portal, acme.id)).sites.find((row) => row.id === s.id)).toMatchObject({ deleted: true, credits: 0 });
  });

  const allocateCredits = onSite("allocate credits to one of Acme's sites (allocateCredits)", "allocateCredits", "siteId", (s) => ({ siteId: s.id, credits: 5 }), async (payload, s) => {
    expect(payload).toMatchObject({ site: { id: s.id, credits: 25 }, transaction: { kind: "ALLOCATION", credits: 5 }, userErrors: [] });
  });

  const reclaimCredits = onSite("reclaim credits from one of Acme's sites (reclaimCredits)", "reclaimCredits", "siteId", (s) => ({ siteId: s.id, credits: 5 }), async (payload, s) => {
    expect(payload).toMatchObject({ site: { id: s.id, credits: 15 }, transaction: { kind: "RECLAIM", credits: 5 }, userErrors: [] });
  });

  const inviteSiteAdministrator = onSite(
    "invite an administrator to one of Acme's sites (inviteSiteAdministrator)",
    "inviteSiteAdministrator",
    "siteId",
    (s) => ({ siteId: s.id, email: "matrix.invitee@customer.example" }),
    async (payload, s) => {
      expect(payload).toMatchObject({ siteAdministrator: { email: "matrix.invitee@customer.example", status: "PENDING" }, site: { id: s.id }, userErrors: [] });
    },
  );

  const acceptSiteAdministratorInvitation: Operation = {
    does: "accept a site administrator invitation from its link (acceptSiteAdministratorInvitation)",
    field: "acceptSiteAdministratorInvitation",
    async attempt(actor) {
      const token = invitationTokens.pop()!;
      const response = await portal.gql(ops.acceptSiteAdministratorInvitation, { input: { token } }, credentials(actor));
      return { response, succeeded: async () => expect(response.data.acceptSiteAdministratorInvitation).toEqual({ siteName: "Invited site", userErrors: [] }), unchanged: nothing };
    },
  };

  const grantCredits: Operation = {
    does: "grant credits to Acme (grantCredits)",
    field: "grantCredits",
    async attempt(actor) {
      const before = await stateOf(portal, acme.id);
      const response = await portal.gql(ops.grantCredits, { input: { partnerId: acme.id, credits: 100, reference: "PO-matrix" } }, credentials(actor));
      return {
        response,
        succeeded: async () => {
          expect(response.data.grantCredits).toMatchObject({ partner: { unallocatedCredits: before.pool + 100 }, transaction: { kind: "PURCHASE", reference: "PO-matrix" }, userErrors: [] });
        },
        unchanged: async () => expect(await stateOf(portal, acme.id)).toEqual(before),
      };
    },
  };

  const reportSiteUsage = onSite("report the usage of one of Acme's sites (reportSiteUsage)", "reportSiteUsage", "siteId", (s) => ({ siteId: s.id, userCount: 30, deviceCount: 7 }), async (payload, s) => {
    expect(payload).toMatchObject({ site: { id: s.id, userCount: 30, deviceCount: 7, monthlyCost: 7 }, userErrors: [] });
  });

  const runMonthlyBilling: Operation = {
    does: "run the monthly billing (runMonthlyBilling)",
    field: "runMonthlyBilling",
    async attempt(actor) {
      // A site of its own that this month's run would charge 2 credits.
      const s = await portal.given.site(acme, { credits: 20, usage: { users: 0, devices: 2 } });
      const month = portal.clock.now().toISOString().slice(0, 7);
      const before = await stateOf(portal, acme.id);
      const response = await portal.gql(ops.runMonthlyBilling, { input: { month } }, credentials(actor));
      return {
        response,
        succeeded: async () => {
          expect(response.data.runMonthlyBilling).toMatchObject({ month, userErrors: [] });
          expect((await stateOf(portal, acme.id)).sites.find((row) => row.id === s.id)!.credits).toBe(18);
        },
        unchanged: async () => {
          expect(await stateOf(portal, acme.id)).toEqual(before);
          expect(await ledgerRows(portal, "kind = 'MONTHLY_CHARGE'")).toEqual([]);
        },
      };
    },
  };

  // prettier-ignore
  const matrix: Array<[Operation, ...Expected[]]> = [
    //                           anonymous Observer Operator Administrator Master Globex Master platform
    [sites,                             U,       A,       A,       A,         A,      A,         F],
    [site,                              U,       A,       A,       A,         A,      N,         F],
    [creditTransactions,                U,       A,       A,       A,         A,      A,         F],
    [createSite,                        U,       F,       A,       A,         A,      A,         F],
    [updateSite,                        U,       F,       A,       A,         A,      N,         F],
    [deleteSite,                        U,       F,       F,       A,         A,      N,         F],
    [allocateCredits,                   U,       F,       A,       A,         A,      N,         F],
    [reclaimCredits,                    U,       F,       A,       A,         A,      N,         F],
    [inviteSiteAdministrator,           U,       F,       A,       A,         A,      N,         F],
    [acceptSiteAdministratorInvitation, A,       A,       A,       A,         A,      A,         A],
    [grantCredits,                      U,       F,       F,       F,         F,      F,         A],
    [reportSiteUsage,                   U,       F,       F,       F,         F,      F,         A],
    [runMonthlyBilling,                 U,       F,       F,       F,         F,      F,         A],
  ];

  function title(operation: Operation, expected: Expected): string {
    if (expected === A) return `may ${operation.does}`;
    if (expected === N) return `gets NOT_FOUND (or null), exactly as for an unknown id, and nothing changes, trying to ${operation.does}`;
    return `may not ${operation.does}: ${expected}`;
  }

  // The platform's billing run is the one cell that charges; it runs after every refused one.
  for (const [column, actor] of actors.entries()) {
    describe(actor.title, () => {
      for (const [operation, ...cells] of matrix) {
        const expected = cells[column];
        it(title(operation, expected), async () => {
          const { response, succeeded, unchanged } = await operation.attempt(actor.key);
          if (expected === A) {
            expect(response.errors).toBeUndefined();
            await succeeded();
          } else if (expected === N) {
            expect(response.errors).toBeUndefined();
            const answer = response.data[operation.field];
            if (operation.field === "site") expect(answer).toBeNull();
            else expect(answer.userErrors).toEqual([{ code: "NOT_FOUND", field: ["input", operation.idField], message: "No site with this id." }]);
            await unchanged();
          } else {
            expect(outcome(response)).toBe(expected);
            expect(response.errors).toHaveLength(1);
            // Nothing of the answer: data is null, or holds null for a nullable field (site).
            expect(response.data?.[operation.field] ?? null).toBeNull();
            await unchanged();
          }
        });
      }
    });
  }

  describe("after every cell", () => {
    it("the server logged no unexpected error", () => {
      expect(portal.errorsLogged).toEqual([]);
    });
  });
});
