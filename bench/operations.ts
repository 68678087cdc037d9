/** The GraphQL documents the bench sends, with every field a client of each screen reads. */

export const siteFields = `id name country timeZone notes status credits monthlyCost userCount deviceCount creditsRunOutOn
  administrators { id email status invitedAt expiresAt } createdAt updatedAt`;

export const transactionFields = `id kind credits site { id name } siteName unallocatedCreditsAfter siteCreditsAfter
  actor { id name email } note reference createdAt`;

export const ops = {
  typename: "{ __typename }",
  sites: `query Sites($first: Int, $after: String, $search: String) {
    sites(first: $first, after: $after, search: $search) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${siteFields} } }
    }
  }`,
  site: `query Site($id: ID!) { site(id: $id) { ${siteFields} } }`,
  creditTransactions: `query History($from: DateTime, $to: DateTime, $first: Int) {
    creditTransactions(from: $from, to: $to, first: $first) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${transactionFields} } }
    }
  }`,
  allocateCredits: `mutation Allocate($input: AllocateCreditsInput!) { allocateCredits(input: $input) {
    transaction { ${transactionFields} } site { id credits status creditsRunOutOn } partner { unallocatedCredits } userErrors { field message code } } }`,
};

export function body(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}
