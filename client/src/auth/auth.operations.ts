import { UserErrorFields } from "../api/errors";
import { graphql, type ResultOf } from "../api/graphql";

const AuthPayloadFields = graphql(
  `
    fragment AuthPayloadFields on AuthPayload {
      admin {
        id
        email
      }
      userErrors {
        ...UserErrorFields
      }
    }
  `,
  [UserErrorFields],
);

export const MeQuery = graphql(`
  query Me {
    me {
      id
      email
      name
      role
    }
  }
`);

export type AdminRole = ResultOf<typeof MeQuery>["me"]["role"];

export const InvitationQuery = graphql(`
  query Invitation($token: String!) {
    invitation(token: $token) {
      email
      role
      partnerName
      expiresAt
    }
  }
`);

export type Invitation = NonNullable<ResultOf<typeof InvitationQuery>["invitation"]>;

export const LogInMutation = graphql(
  `
    mutation LogIn($input: LogInInput!) {
      logIn(input: $input) {
        ...AuthPayloadFields
      }
    }
  `,
  [AuthPayloadFields],
);

export const SignUpMutation = graphql(
  `
    mutation SignUp($input: SignUpInput!) {
      signUp(input: $input) {
        ...AuthPayloadFields
      }
    }
  `,
  [AuthPayloadFields],
);

export const LogOutMutation = graphql(`
  mutation LogOut {
    logOut {
      ok
    }
  }
`);

export const RequestPasswordResetMutation = graphql(
  `
    mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
      requestPasswordReset(input: $input) {
        ok
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);

export const ResetPasswordMutation = graphql(
  `
    mutation ResetPassword($input: ResetPasswordInput!) {
      resetPassword(input: $input) {
        ok
        userErrors {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);
