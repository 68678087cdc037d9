import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../errors";
import { Language } from "../language";
import { connectionTypes, OrderDirection } from "../pagination";
import { Partner } from "../partners/partner.entity";
import { SiteAdministrator } from "./site-administrator.entity";
import { Site } from "./site.entity";

export enum SiteOrderField {
  NAME = "NAME",
  COUNTRY = "COUNTRY",
  CREDITS = "CREDITS",
  MONTHLY_COST = "MONTHLY_COST",
  CREDITS_RUN_OUT_ON = "CREDITS_RUN_OUT_ON",
  CREATED_AT = "CREATED_AT",
}
registerEnumType(SiteOrderField, { name: "SiteOrderField" });

@InputType()
export class SiteOrder {
  @Field(() => SiteOrderField)
  field: SiteOrderField;

  @Field(() => OrderDirection)
  direction: OrderDirection;
}

export const SiteConnection = connectionTypes("Site", Site).Connection;
export type SiteConnection = InstanceType<typeof SiteConnection>;

@InputType()
export class CreateSiteInput {
  @Field()
  name: string;

  @Field({ description: "ISO 3166-1 alpha-2" })
  country: string;

  @Field({ description: "IANA name, e.g. Europe/Madrid" })
  timeZone: string;

  @Field({ description: "The site's first administrator, invited by email." })
  administratorEmail: string;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => Int, { nullable: true, description: "Credits to allocate from the partner's pool at once." })
  credits?: number | null;

  @Field(() => Language, { nullable: true, description: "The language of the first administrator's invitation email and its page; by default the caller's preferred language." })
  administratorLanguage?: Language | null;
}

@InputType()
export class UpdateSiteInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => String, { nullable: true })
  timeZone?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

@InputType()
export class DeleteSiteInput {
  @Field(() => ID)
  id: string;
}

@InputType()
export class InviteSiteAdministratorInput {
  @Field(() => ID)
  siteId: string;

  @Field()
  email: string;

  @Field(() => Language, {
    nullable: true,
    description: "The language of the invitation email and its page; by default the one the person was invited in before, else the caller's preferred language.",
  })
  language?: Language | null;
}

@InputType()
export class AcceptSiteAdministratorInvitationInput {
  @Field()
  token: string;
}

export enum SiteInvitationState {
  PENDING = "PENDING",
  EXPIRED = "EXPIRED",
  ACCEPTED = "ACCEPTED",
  REVOKED = "REVOKED",
  REPLACED = "REPLACED",
}
registerEnumType(SiteInvitationState, {
  name: "SiteInvitationState",
  description: "Where a site administrator's link stands: only a PENDING one can be accepted; REPLACED means a newer link was sent.",
});

@ObjectType({ description: "What a site administrator's invitation link shows before it is accepted (public, with the link's token)." })
export class SiteInvitationPreview {
  @Field()
  siteName: string;

  @Field({ description: "The partner (installer) that runs the site." })
  partnerName: string;

  @Field(() => SiteInvitationState)
  state: SiteInvitationState;

  @Field()
  expiresAt: Date;
}

@InputType()
export class ReportSiteUsageInput {
  @Field(() => ID)
  siteId: string;

  @Field(() => Int)
  userCount: number;

  @Field(() => Int)
  deviceCount: number;
}

@ObjectType()
export class SitePayload {
  @Field(() => Site, { nullable: true })
  site?: Site | null;

  @Field(() => Partner, { nullable: true })
  partner?: Partner | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType()
export class DeleteSitePayload {
  @Field(() => ID, { nullable: true })
  deletedSiteId?: string | null;

  @Field(() => Partner, { nullable: true })
  partner?: Partner | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType()
export class SiteAdministratorPayload {
  @Field(() => SiteAdministrator, { nullable: true })
  siteAdministrator?: SiteAdministrator | null;

  @Field(() => Site, { nullable: true })
  site?: Site | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType()
export class AcceptSiteAdministratorInvitationPayload {
  @Field(() => String, { nullable: true, description: "The site the person now administers." })
  siteName?: string | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}
