import { gql } from "@urql/svelte";

export type CreditTransactionKind = "PURCHASE" | "ALLOCATION" | "RECLAIM" | "MONTHLY_CHARGE";
export const kinds: CreditTransactionKind[] = ["PURCHASE", "ALLOCATION", "RECLAIM", "MONTHLY_CHARGE"];

export interface CreditTransaction {
  id: string;
  createdAt: string;
  kind: CreditTransactionKind;
  credits: number;
  note: string | null;
  reference: string | null;
  siteName: string | null;
  siteCreditsAfter: number | null;
  unallocatedCreditsAfter: number;
  actor: { id: string; name: string | null; email: string } | null;
}

export interface HistoryFilter {
  from: string | null;
  to: string | null;
  siteId: string | null;
  kinds: CreditTransactionKind[] | null;
}

export const CreditHistoryQuery = gql<
  {
    creditTransactions: {
      totalCount: number;
      nodes: CreditTransaction[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  },
  HistoryFilter & { first: number; after: string | null }
>`
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
`;

/** The sites to filter by (the API's largest page; deleted sites are no longer listed). */
export const HistorySitesQuery = gql<{ sites: { nodes: { id: string; name: string }[] } }, Record<string, never>>`
  query HistorySites {
    sites(first: 100, orderBy: { field: NAME, direction: ASC }) {
      nodes {
        id
        name
      }
    }
  }
`;
