import { graphql, type ResultOf } from "../api/graphql";

export const CreditHistoryQuery = graphql(`
  query CreditHistory($first: Int!, $after: String, $from: DateTime, $to: DateTime, $siteId: ID, $kinds: [CreditTransactionKind!]) {
    creditTransactions(first: $first, after: $after, from: $from, to: $to, siteId: $siteId, kinds: $kinds) {
      totalCount
      nodes {
        id
        createdAt
        kind
        credits
        note
        reference
        siteName
        siteCreditsAfter
        unallocatedCreditsAfter
        actor {
          id
          name
          email
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type CreditTransaction = ResultOf<typeof CreditHistoryQuery>["creditTransactions"]["nodes"][number];
export type CreditTransactionKind = CreditTransaction["kind"];
export const kinds: CreditTransactionKind[] = ["PURCHASE", "ALLOCATION", "RECLAIM", "MONTHLY_CHARGE"];

/** The sites to filter by (the API's largest page; deleted sites are no longer listed). */
export const HistorySitesQuery = graphql(`
  query HistorySites {
    sites(first: 100, orderBy: { field: NAME, direction: ASC }) {
      nodes {
        id
        name
      }
    }
  }
`);
