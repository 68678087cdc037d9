import { gql } from "@urql/svelte";
import { userErrorFields, type UserError } from "../api/errors";

export type SiteOrderField = "NAME" | "COUNTRY" | "CREDITS" | "MONTHLY_COST" | "CREDITS_RUN_OUT_ON" | "CREATED_AT";
export type OrderDirection = "ASC" | "DESC";
export type InvitationStatus = "PENDING" | "ACCEPTED" | "EXPIRED" | "REVOKED";

export interface Pool {
  id: string;
  country: string;
  unallocatedCredits: number;
}

export interface SiteRow {
  id: string;
  name: string;
  country: string;
  timeZone: string;
  status: "ACTIVE" | "SUSPENDED";
  credits: number;
  monthlyCost: number;
  creditsRunOutOn: string | null;
  userCount: number;
  deviceCount: number;
  notes: string;
}

export interface SiteAdministrator {
  id: string;
  email: string;
  status: InvitationStatus;
  invitedAt: string;
  expiresAt: string;
}

export interface SiteDetails extends SiteRow {
  createdAt: string;
  administrators: SiteAdministrator[];
}

const poolFields = `
  id
  country
  unallocatedCredits
`;

const siteAdministratorFields = `
  id
  email
  status
  invitedAt
  expiresAt
`;

const siteFields = `
  id
  name
  country
  timeZone
  status
  credits
  monthlyCost
  creditsRunOutOn
  userCount
  deviceCount
  notes
`;

/** What a change to a site's credits returns: the site and the pool, both after the change. */
const siteAndPoolPayloadFields = `
  site {
    ${siteFields}
  }
  partner {
    ${poolFields}
  }
  ${userErrorFields}
`;

export const SitesQuery = gql<
  {
    partner: Pool;
    sites: { totalCount: number; nodes: SiteRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  },
  { first: number; after: string | null; search: string | null; orderBy: { field: SiteOrderField; direction: OrderDirection } }
>`
  query Sites($first: Int!, $after: String, $search: String, $orderBy: SiteOrder) {
    partner {
      ${poolFields}
    }
    sites(first: $first, after: $after, search: $search, orderBy: $orderBy) {
      totalCount
      nodes {
        ${siteFields}
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const SiteQuery = gql<{ partner: Pool; site: SiteDetails | null }, { id: string }>`
  query Site($id: ID!) {
    partner {
      ${poolFields}
    }
    site(id: $id) {
      ${siteFields}
      createdAt
      administrators {
        ${siteAdministratorFields}
      }
    }
  }
`;

export interface CreateSiteInput {
  name: string;
  country: string;
  timeZone: string;
  administratorEmail: string;
  credits: number | null;
  notes: string;
}

export const CreateSiteMutation = gql<
  { createSite: { site: SiteRow | null; partner: Pool | null; userErrors: UserError[] } },
  { input: CreateSiteInput }
>`
  mutation CreateSite($input: CreateSiteInput!) {
    createSite(input: $input) {
      ${siteAndPoolPayloadFields}
    }
  }
`;

export const UpdateSiteMutation = gql<
  { updateSite: { site: SiteRow | null; userErrors: UserError[] } },
  { input: { id: string; country: string; timeZone: string; notes: string } }
>`
  mutation UpdateSite($input: UpdateSiteInput!) {
    updateSite(input: $input) {
      site {
        ${siteFields}
      }
      ${userErrorFields}
    }
  }
`;

type CreditsPayload = { site: SiteRow | null; partner: Pool | null; userErrors: UserError[] };
type MoveInput = { input: { siteId: string; credits: number; note: string | null; idempotencyKey: string } };

export const AllocateCreditsMutation = gql<{ allocateCredits: CreditsPayload }, MoveInput>`
  mutation AllocateCredits($input: AllocateCreditsInput!) {
    allocateCredits(input: $input) {
      ${siteAndPoolPayloadFields}
    }
  }
`;

export const ReclaimCreditsMutation = gql<{ reclaimCredits: CreditsPayload }, MoveInput>`
  mutation ReclaimCredits($input: ReclaimCreditsInput!) {
    reclaimCredits(input: $input) {
      ${siteAndPoolPayloadFields}
    }
  }
`;

export const InviteSiteAdministratorMutation = gql<
  { inviteSiteAdministrator: { siteAdministrator: SiteAdministrator | null; userErrors: UserError[] } },
  { input: { siteId: string; email: string } }
>`
  mutation InviteSiteAdministrator($input: InviteSiteAdministratorInput!) {
    inviteSiteAdministrator(input: $input) {
      siteAdministrator {
        ${siteAdministratorFields}
      }
      ${userErrorFields}
    }
  }
`;

export const DeleteSiteMutation = gql<
  { deleteSite: { deletedSiteId: string | null; partner: Pool | null; userErrors: UserError[] } },
  { input: { id: string } }
>`
  mutation DeleteSite($input: DeleteSiteInput!) {
    deleteSite(input: $input) {
      deletedSiteId
      partner {
        ${poolFields}
      }
      ${userErrorFields}
    }
  }
`;
