import { UserErrorFields } from "../api/errors";
import { graphql, type ResultOf } from "../api/graphql";

const AdminFields = graphql(`
  fragment AdminFields on PartnerAdmin {
    id
    email
    name
    role
    status
    createdAt
    lastLogInAt
    invitation {
      status
      expiresAt
      emailDelivered
    }
  }
`);

export type Admin = ResultOf<typeof AdminFields>;

const AdminPayloadFields = graphql(
  `
    fragment AdminPayloadFields on AdminPayload {
      admin {
        ...AdminFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  `,
  [AdminFields, UserErrorFields],
);

export const AdminsQuery = graphql(
  `
    query Admins {
      admins {
        ...AdminFields
      }
    }
  `,
  [AdminFields],
);

export const InviteAdminMutation = graphql(
  `
    mutation InviteAdmin($input: InviteAdminInput!) {
      inviteAdmin(input: $input) {
        ...AdminPayloadFields
      }
    }
  `,
  [AdminPayloadFields],
);

export const ResendInvitationMutation = graphql(
  `
    mutation ResendInvitation($input: ResendInvitationInput!) {
      resendInvitation(input: $input) {
        ...AdminPayloadFields
      }
    }
  `,
  [AdminPayloadFields],
);

export const ChangeAdminRoleMutation = graphql(
  `
    mutation ChangeAdminRole($input: ChangeAdminRoleInput!) {
      changeAdminRole(input: $input) {
        ...AdminPayloadFields
      }
    }
  `,
  [AdminPayloadFields],
);

export const RemoveAdminMutation = graphql(
  `
    mutation RemoveAdmin($input: RemoveAdminInput!) {
      removeAdmin(input: $input) {
        removedAdminId
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);

const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    role
    createdAt
    createdBy {
      id
      name
      email
    }
    expiresAt
    lastUsedAt
    revokedAt
  }
`);

export type ApiToken = ResultOf<typeof ApiTokenFields>;

export const ApiTokensQuery = graphql(
  `
    query ApiTokens {
      apiTokens {
        ...ApiTokenFields
      }
    }
  `,
  [ApiTokenFields],
);

export const CreateApiTokenMutation = graphql(
  `
    mutation CreateApiToken($input: CreateApiTokenInput!) {
      createApiToken(input: $input) {
        apiToken {
          ...ApiTokenFields
        }
        secret
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [ApiTokenFields, UserErrorFields],
);

export const RevokeApiTokenMutation = graphql(
  `
    mutation RevokeApiToken($input: RevokeApiTokenInput!) {
      revokeApiToken(input: $input) {
        apiToken {
          ...ApiTokenFields
        }
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [ApiTokenFields, UserErrorFields],
);
