import { Portal, type GqlResponse } from "../support/harness";

/** Requests with a near-miss of a field, argument, type, enum value or input field: graphql-js answers each with "Did you mean …?". */
const nearMisses: Array<[what: string, query: string, variables: Record<string, unknown>, rightName: string]> = [
  ["a field", `{ sitse { totalCount } }`, {}, '"sites"'],
  ["an argument", `{ sites(frist: 1) { totalCount } }`, {}, '"first"'],
  ["a type", `query($kinds: [CreditTransactionKnd!]) { creditTransactions(kinds: $kinds) { totalCount } }`, {}, '"CreditTransactionKind"'],
  ["an enum value", `{ creditTransactions(kinds: [PURCHAS]) { totalCount } }`, {}, '"PURCHASE"'],
  ["an enum value in a variable", `query($kinds: [CreditTransactionKind!]) { creditTransactions(kinds: $kinds) { totalCount } }`, { kinds: ["PURCHAS"] }, '"PURCHASE"'],
  ["an input field", `mutation { allocateCredits(input: { siteId: "x", credits: 1, nte: "a" }) { userErrors { code } } }`, {}, '"note"'],
  ["an input field in a variable", `mutation($input: AllocateCreditsInput!) { allocateCredits(input: $input) { userErrors { code } } }`, { input: { siteId: "x", credits: 1, nte: "a" } }, '"note"'],
];

const messages = (response: GqlResponse) => (response.errors ?? []).map((error) => error.message).join("\n");

describe("what a refused request says about the schema", () => {
  describe("in production (NODE_ENV=production)", () => {
    let portal: Portal;
    beforeAll(async () => (portal = await Portal.start({ NODE_ENV: "production" })));
    afterAll(() => portal.stop());

    it.each(nearMisses)("suggests nothing for a near-miss of %s", async (_what, query, variables, rightName) => {
      const response = await portal.gql(query, variables);

      expect(response.errors?.length).toBeGreaterThan(0);
      expect(response.data).toBeNull();
      expect(messages(response)).not.toMatch(/did you mean|suggestion/i);
      expect(messages(response)).not.toContain(rightName);
    });
  });

  describe("in development", () => {
    let portal: Portal;
    beforeAll(async () => (portal = await Portal.start({ NODE_ENV: "development" })));
    afterAll(() => portal.stop());

    it.each(nearMisses)("suggests the right name for a near-miss of %s", async (_what, query, variables, rightName) => {
      const response = await portal.gql(query, variables);

      expect(messages(response)).toMatch(new RegExp(`Did you mean .*${rightName}`));
    });
  });
});
