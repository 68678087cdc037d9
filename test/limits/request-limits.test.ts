import type { GivenPartner, GivenSite } from "../support/given";
import { outcome, Portal } from "../support/harness";
import { stateOf } from "../support/ledger";
import { ops } from "../support/operations";

/** Small limits, so that each can be reached with a readable query. */
const limits = {
  MAX_BODY_BYTES: "2000",
  GRAPHQL_MAX_DEPTH: "6",
  GRAPHQL_MAX_ALIASES: "3",
  GRAPHQL_MAX_TOKENS: "300",
  GRAPHQL_MAX_COST: "400",
};

/** A selection of `id` repeated n times: about 1.5 cost points and one token each. */
const ids = (n: number) => `{ me { ${"id ".repeat(n)}} }`;

describe("request limits", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let site: GivenSite;
  let auth: { token: string };

  beforeAll(async () => {
    portal = await Portal.start(limits);
    partner = await portal.given.partner();
    site = await portal.given.site(partner, { name: "Limited", credits: 10 });
    await portal.given.credits(partner, 10);
    auth = { token: partner.master.token };
  });
  afterAll(() => portal.stop());

  const post = (body: string) => fetch(`${portal.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${auth.token}` }, body });

  describe("request body size (MAX_BODY_BYTES)", () => {
    it("answers a body within the limit", async () => {
      const body = JSON.stringify({ query: `{ partner { name }${" ".repeat(1900)}}` });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(2000);

      const response = await post(body);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { partner: { name: partner.name } } });
    });

    it("refuses a larger body with HTTP 413 and says what the limit is", async () => {
      const body = JSON.stringify({ query: `{ partner { name }${" ".repeat(2100)}}` });

      const response = await post(body);

      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        errors: [{ message: "The request body is larger than 2000 bytes.", extensions: { code: "PAYLOAD_TOO_LARGE" } }],
      });
    });
  });

  describe("query depth (GRAPHQL_MAX_DEPTH)", () => {
    it("answers a query 6 levels deep", async () => {
      const response = await portal.gql(`{ creditTransactions { nodes { actor { invitedBy { invitedBy { id } } } } } }`, {}, auth);

      expect(response.errors).toBeUndefined();
      expect(response.data.creditTransactions.nodes.length).toBeGreaterThan(0);
    });

    it("refuses a query 7 levels deep with HTTP 400, naming the limit", async () => {
      const response = await portal.gql(`{ creditTransactions { nodes { actor { invitedBy { invitedBy { invitedBy { id } } } } } } }`, {}, auth);

      expect(response.status).toBe(400);
      expect(response.data).toBeNull();
      expect(response.errors).toEqual([{ message: expect.stringContaining("Query depth limit of 6 exceeded, found 7"), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    });
  });

  describe("aliases (GRAPHQL_MAX_ALIASES)", () => {
    it("answers a query with 3 aliases", async () => {
      const response = await portal.gql(`{ a: partner { name } b: partner { name } c: partner { name } }`, {}, auth);

      expect(response.data).toEqual({ a: { name: partner.name }, b: { name: partner.name }, c: { name: partner.name } });
    });

    it("refuses 4 aliased allocations with HTTP 400 and moves no credit", async () => {
      const before = await stateOf(portal, partner.id);
      const allocation = (alias: string) => `${alias}: allocateCredits(input: { siteId: "${site.id}", credits: 1 }) { site { credits } }`;

      const response = await portal.gql(`mutation { ${["a", "b", "c", "d"].map(allocation).join(" ")} }`, {}, auth);

      expect(response.status).toBe(400);
      expect(response.errors).toEqual([{ message: expect.stringContaining("Aliases limit of 3 exceeded, found 4"), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });
  });

  describe("tokens (GRAPHQL_MAX_TOKENS)", () => {
    it("answers a query of about 200 tokens", async () => {
      const response = await portal.gql(ids(200), {}, auth);

      expect(response.errors).toBeUndefined();
      expect(response.data.me.id).toBe(partner.master.id);
    });

    it("refuses a query of more than 300 tokens with HTTP 400, naming the limit", async () => {
      const response = await portal.gql(ids(300), {}, auth);

      expect(response.data).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].message).toMatch(/token/i);
      expect(response.errors![0].message).toMatch(/\b300\b/);
      // A client's mistake, as GraphQL Armor reports it or as graphql-js's own parser limit does.
      expect(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"]).toContain(response.errors![0].extensions?.code);
      expect(response.status).toBe(400);
    });
  });

  describe("cost (GRAPHQL_MAX_COST)", () => {
    it("answers a query that costs about 300", async () => {
      const response = await portal.gql(ids(200), {}, auth);

      expect(response.errors).toBeUndefined();
    });

    it("refuses a query that costs more than 400 with HTTP 400, naming the limit", async () => {
      const response = await portal.gql(ids(270), {}, auth);

      expect(response.status).toBe(400);
      expect(response.errors).toEqual([{ message: expect.stringContaining("Query Cost limit of 400 exceeded"), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    });
  });

  describe("page size", () => {
    it.each([
      ["sites", `{ sites(first: $first) { totalCount } }`],
      ["creditTransactions", `{ creditTransactions(first: $first) { totalCount } }`],
      ["auditLog", `{ auditLog(first: $first) { totalCount } }`],
    ])("%s answers first: 100 and refuses first: 101 or 0 with BAD_USER_INPUT", async (_list, selection) => {
      const query = `query($first: Int) ${selection}`;

      const hundred = await portal.gql(query, { first: 100 }, auth);
      const tooMany = await portal.gql(query, { first: 101 }, auth);
      const none = await portal.gql(query, { first: 0 }, auth);

      expect(hundred.errors).toBeUndefined();
      expect(tooMany.data).toBeNull();
      expect(tooMany.errors).toEqual([expect.objectContaining({ message: "first must be between 1 and 100.", extensions: { code: "BAD_USER_INPUT" } })]);
      expect(outcome(none)).toBe("BAD_USER_INPUT");
    });
  });

  describe("batched requests", () => {
    it("refuses an array of operations with HTTP 400 and runs none of them", async () => {
      const before = await stateOf(portal, partner.id);
      const rename = (name: string) => ({ query: ops.updateSite, variables: { input: { id: site.id, name } } });

      const response = await post(JSON.stringify([rename("Batch one"), rename("Batch two")]));

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: "Operation batching disabled.", extensions: { code: "BAD_REQUEST" } }] });
      expect(await stateOf(portal, partner.id)).toEqual(before);
    });
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});
