import { gql } from "@urql/svelte";
import { userErrorFields, type UserError } from "../api/errors";

export type AdminRole = "OBSERVER" | "OPERATOR" | "ADMINISTRATOR" | "MASTER";

interface SignedInAdmin {
  id: string;
  email: string;
}

interface AuthPayload {
  admin: SignedInAdmin | null;
  userErrors: UserError[];
}

const authPayloadFields = `
  admin {
    id
    email
  }
  ${userErrorFields}
`;

export const MeQuery = gql<{ me: SignedInAdmin & { name: string | null; role: AdminRole } }>`
  query Me {
    me {
      id
      email
      name
      role
    }
  }
`;

export const InvitationQuery = gql<
  { invitation: { email: string; role: AdminRole; partnerName: string; expiresAt: string } | null },
  { token: string }
>`
  query Invitation($token: String!) {
    invitation(token: $token) {
      email
      role
      partnerName
      expiresAt
    }
  }
`;

export const LogInMutation = gql<{ logIn: AuthPayload }, { input: { email: string; password: string } }>`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      ${authPayloadFields}
    }
  }
`;

export const SignUpMutation = gql<
  { signUp: AuthPayload },
  { input: { token: string; name: string; password: string; acceptPrivacyPolicy: boolean; acceptTermsOfUsage: boolean } }
>`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ${authPayloadFields}
    }
  }
`;

export const LogOutMutation = gql<{ logOut: { ok: boolean } }, Record<string, never>>`
  mutation LogOut {
    logOut {
      ok
    }
  }
`;

interface PasswordResetPayload {
  ok: boolean;
  userErrors: UserError[];
}

export const RequestPasswordResetMutation = gql<{ requestPasswordReset: PasswordResetPayload }, { input: { email: string } }>`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      ok
      ${userErrorFields}
    }
  }
`;

export const ResetPasswordMutation = gql<{ resetPassword: PasswordResetPayload }, { input: { token: string; password: string } }>`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      ok
      ${userErrorFields}
    }
  }
`;
