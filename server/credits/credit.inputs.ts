import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../errors";
import { connectionTypes } from "../pagination";
import { Partner } from "../partners/partner.entity";
import { Site } from "../sites/site.entity";
import { CreditTransaction } from "./credit-transaction.entity";

@InputType()
export class AllocateCreditsInput {
  @Field(() => ID)
  siteId: string;

  @Field(() => Int)
  credits: number;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true, description: "A retry with the same key returns the first result and moves nothing twice." })
  idempotencyKey?: string | null;
}

@InputType()
export class ReclaimCreditsInput extends AllocateCreditsInput {}

@InputType()
export class GrantCreditsInput {
  @Field(() => ID)
  partnerId: string;

  @Field(() => Int)
  credits: number;

  @Field({ description: "e.g. the purchase order number" })
  reference: string;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}

@ObjectType()
export class CreditsPayload {
  @Field(() => CreditTransaction, { nullable: true })
  transaction?: CreditTransaction | null;

  @Field(() => Site, { nullable: true })
  site?: Site | null;

  @Field(() => Partner, { nullable: true })
  partner?: Partner | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

export const CreditTransactionConnection = connectionTypes("CreditTransaction", CreditTransaction).Connection;
export type CreditTransactionConnection = InstanceType<typeof CreditTransactionConnection>;
