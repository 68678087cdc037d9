import { Field, InputType, ObjectType } from "type-graphql";
import { PartnerAdmin } from "../admins/admin.entity";
import { UserError } from "../errors";
import { Language } from "../language";
import { AdminRole } from "../roles";

@InputType()
export class SignUpInput {
  @Field({ description: "The token of the invitation email's Sign Up link." })
  token: string;

  @Field()
  name: string;

  @Field()
  password: string;

  @Field()
  acceptPrivacyPolicy: boolean;

  @Field()
  acceptTermsOfUsage: boolean;

  @Field(() => Language, { nullable: true, description: "The portal's language as the person signs up: their emails' language from then on. By default the invitation's." })
  language?: Language | null;
}

@InputType()
export class LogInInput {
  @Field()
  email: string;

  @Field()
  password: string;
}

@ObjectType()
export class AuthPayload {
  @Field(() => String, { nullable: true, description: "A bearer token for API clients; the web client uses the cookie set with it." })
  token?: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;

  @Field(() => PartnerAdmin, { nullable: true })
  admin?: PartnerAdmin | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType()
export class LogOutPayload {
  @Field()
  ok: boolean;
}

@ObjectType({ description: "Public: what the sign-up page shows for an invitation link." })
export class InvitationPreview {
  @Field()
  email: string;

  @Field(() => AdminRole)
  role: AdminRole;

  @Field()
  partnerName: string;

  @Field()
  expiresAt: Date;
}

@InputType()
export class RequestPasswordResetInput {
  @Field()
  email: string;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: "The token of the emailed reset link." })
  token: string;

  @Field()
  password: string;
}

@ObjectType()
export class PasswordResetPayload {
  @Field({ description: "True when the request was taken; for requestPasswordReset it says nothing of whether the email exists." })
  ok: boolean;

  @Field(() => [UserError])
  userErrors: UserError[];
}
