import { UserErrorFields } from "../api/errors";
import { graphql, type ResultOf } from "../api/graphql";

/** Public: what a site administrator's emailed link is about, and where it stands. */
export const SiteInvitationQuery = graphql(`
  query SiteInvitation($token: String!) {
    siteInvitation(token: $token) {
      siteName
      partnerName
      state
      expiresAt
    }
  }
`);

export type SiteInvitation = NonNullable<ResultOf<typeof SiteInvitationQuery>["siteInvitation"]>;

export const AcceptSiteInvitationMutation = graphql(
  `
    mutation AcceptSiteInvitation($input: AcceptSiteAdministratorInvitationInput!) {
      acceptSiteAdministratorInvitation(input: $input) {
        siteName
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);
