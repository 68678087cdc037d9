import { Field, ID, InputType, ObjectType } from "type-graphql";
import { UserError } from "../errors";
import { Language } from "../language";
import { AdminRole } from "../roles";
import { PartnerAdmin } from "./admin.entity";

@InputType()
export class InviteAdminInput {
  @Field()
  email: string;

  @Field(() => AdminRole)
  role: AdminRole;

  @Field(() => Language, { nullable: true, description: "The invitation email's language; by default the inviter's preferred language." })
  language?: Language | null;
}

@InputType()
export class SetPreferredLanguageInput {
  @Field(() => Language)
  language: Language;
}

@InputType()
export class ResendInvitationInput {
  @Field(() => ID)
  adminId: string;
}

@InputType()
export class ChangeAdminRoleInput {
  @Field(() => ID)
  adminId: string;

  @Field(() => AdminRole)
  role: AdminRole;
}

@InputType()
export class RemoveAdminInput {
  @Field(() => ID)
  adminId: string;
}

@ObjectType()
export class AdminPayload {
  @Field(() => PartnerAdmin, { nullable: true })
  admin?: PartnerAdmin | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType()
export class RemoveAdminPayload {
  @Field(() => ID, { nullable: true })
  removedAdminId?: string | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}
