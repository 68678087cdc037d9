import { Field, InputType, ObjectType } from "type-graphql";
import { UserError } from "../errors";
import { Partner } from "./partner.entity";

@InputType()
export class CreatePartnerInput {
  @Field()
  name: string;

  @Field({ description: "ISO 3166-1 alpha-2" })
  country: string;

  @Field({ description: "The first Master, invited by email." })
  masterEmail: string;
}

@ObjectType()
export class PartnerPayload {
  @Field(() => Partner, { nullable: true })
  partner?: Partner | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}
