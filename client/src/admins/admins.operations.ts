import { gql } from "@urql/svelte";
import { userErrorFields, type UserError } from "../api/errors";
import type { AdminRole } from "../auth/auth.operations";

export type AdminStatus = "ACTIVE" | "INVITED" | "DISABLED";
export type InvitationStatus = "PENDING" | "EXPIRED" | "ACCEPTED" | "REVOKED";

export interface Admin {
  id: string;
  email: string;
  name: string | null;
  role: AdminRole;
  status: AdminStatus;
  createdAt: string;
  lastLogInAt: string | null;
  invitation: { status: InvitationStatus; expiresAt: string; emailDelivered: boolean } | null;
}

const adminFields = `
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
`;

const adminPayloadFields = `
  admin {
    ${adminFields}
  }
  ${userErrorFields}
`;

interface AdminPayload {
  admin: Admin | null;
  userErrors: UserError[];
}

export const AdminsQuery = gql<{ admins: Admin[] }, Record<string, never>>`
  query Admins {
    admins {
      ${adminFields}
    }
  }
`;

export const InviteAdminMutation = gql<{ inviteAdmin: AdminPayload }, { input: { email: string; role: AdminRole } }>`
  mutation InviteAdmin($input: InviteAdminInput!) {
    inviteAdmin(input: $input) {
      ${adminPayloadFields}
    }
  }
`;

export const ResendInvitationMutation = gql<{ resendInvitation: AdminPayload }, { input: { adminId: string } }>`
  mutation ResendInvitation($input: ResendInvitationInput!) {
    resendInvitation(input: $input) {
      ${adminPayloadFields}
    }
  }
`;

export const ChangeAdminRoleMutation = gql<{ changeAdminRole: AdminPayload }, { input: { adminId: string; role: AdminRole } }>`
  mutation ChangeAdminRole($input: ChangeAdminRoleInput!) {
    changeAdminRole(input: $input) {
      ${adminPayloadFields}
    }
  }
`;

export const RemoveAdminMutation = gql<
  { removeAdmin: { removedAdminId: string | null; userErrors: UserError[] } },
  { input: { adminId: string } }
>`
  mutation RemoveAdmin($input: RemoveAdminInput!) {
    removeAdmin(input: $input) {
      removedAdminId
      ${userErrorFields}
    }
  }
`;

export interface ApiToken {
  id: string;
  name: string;
  role: AdminRole;
  createdAt: string;
  createdBy: { id: string; name: string | null; email: string } | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const apiTokenFields = `
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
`;

export const ApiTokensQuery = gql<{ apiTokens: ApiToken[] }, Record<string, never>>`
  query ApiTokens {
    apiTokens {
      ${apiTokenFields}
    }
  }
`;

export const CreateApiTokenMutation = gql<
  { createApiToken: { apiToken: ApiToken | null; secret: string | null; userErrors: UserError[] } },
  { input: { name: string; role: AdminRole; expiresAt: string | null } }
>`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      apiToken {
        ${apiTokenFields}
      }
      secret
      ${userErrorFields}
    }
  }
`;

export const RevokeApiTokenMutation = gql<
  { revokeApiToken: { apiToken: ApiToken | null; userErrors: UserError[] } },
  { input: { id: string } }
>`
  mutation RevokeApiToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      apiToken {
        ${apiTokenFields}
      }
      ${userErrorFields}
    }
  }
`;
