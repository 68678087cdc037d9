import { UserErrorFields } from "../api/errors";
import { graphql, type ResultOf, type VariablesOf } from "../api/graphql";

const PoolFields = graphql(`
  fragment PoolFields on Partner {
    id
    country
    unallocatedCredits
  }
`);

const SiteAdministratorFields = graphql(`
  fragment SiteAdministratorFields on SiteAdministrator {
    id
    email
    status
    invitedAt
    expiresAt
  }
`);

const SiteFields = graphql(`
  fragment SiteFields on Site {
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
  }
`);

export type InvitationStatus = ResultOf<typeof SiteAdministratorFields>["status"];
/** The partner's pool of unallocated credits. */
export type Pool = ResultOf<typeof PoolFields>;
/** A site as the list shows it. */
export type SiteRow = ResultOf<typeof SiteFields>;

/** What a change to a site's credits returns: the site and the pool, both after the change. */
const CreditsPayloadFields = graphql(
  `
    fragment CreditsPayloadFields on CreditsPayload {
      site {
        ...SiteFields
      }
      partner {
        ...PoolFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  `,
  [SiteFields, PoolFields, UserErrorFields],
);

export const SitesQuery = graphql(
  `
    query Sites($first: Int!, $after: String, $search: String, $orderBy: SiteOrder) {
      partner {
        ...PoolFields
      }
      sites(first: $first, after: $after, search: $search, orderBy: $orderBy) {
        totalCount
        nodes {
          ...SiteFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [PoolFields, SiteFields],
);

/** How the list is sorted. */
export type SiteOrder = NonNullable<VariablesOf<typeof SitesQuery>["orderBy"]>;
export type SiteOrderField = SiteOrder["field"];

export const SiteQuery = graphql(
  `
    query Site($id: ID!) {
      partner {
        ...PoolFields
      }
      site(id: $id) {
        ...SiteFields
        createdAt
        administrators {
          ...SiteAdministratorFields
        }
      }
    }
  `,
  [PoolFields, SiteFields, SiteAdministratorFields],
);

/** A site as the Edit site dialog shows it. */
export type SiteDetails = NonNullable<ResultOf<typeof SiteQuery>["site"]>;

export const CreateSiteMutation = graphql(
  `
    mutation CreateSite($input: CreateSiteInput!) {
      createSite(input: $input) {
        site {
          ...SiteFields
        }
        partner {
          ...PoolFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [SiteFields, PoolFields, UserErrorFields],
);

export const UpdateSiteMutation = graphql(
  `
    mutation UpdateSite($input: UpdateSiteInput!) {
      updateSite(input: $input) {
        site {
          ...SiteFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [SiteFields, UserErrorFields],
);

export const AllocateCreditsMutation = graphql(
  `
    mutation AllocateCredits($input: AllocateCreditsInput!) {
      allocateCredits(input: $input) {
        ...CreditsPayloadFields
      }
    }
  `,
  [CreditsPayloadFields],
);

export const ReclaimCreditsMutation = graphql(
  `
    mutation ReclaimCredits($input: ReclaimCreditsInput!) {
      reclaimCredits(input: $input) {
        ...CreditsPayloadFields
      }
    }
  `,
  [CreditsPayloadFields],
);

export const InviteSiteAdministratorMutation = graphql(
  `
    mutation InviteSiteAdministrator($input: InviteSiteAdministratorInput!) {
      inviteSiteAdministrator(input: $input) {
        siteAdministrator {
          ...SiteAdministratorFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [SiteAdministratorFields, UserErrorFields],
);

export const DeleteSiteMutation = graphql(
  `
    mutation DeleteSite($input: DeleteSiteInput!) {
      deleteSite(input: $input) {
        deletedSiteId
        partner {
          ...PoolFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [PoolFields, UserErrorFields],
);
