import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import type { Context } from "../context";
import { payload, UserError } from "../errors";

@InputType()
export class RunMonthlyBillingInput {
  @Field({ description: '"YYYY-MM", e.g. "2026-11"' })
  month: string;
}

@ObjectType()
export class BillingRunPayload {
  @Field(() => String, { nullable: true })
  month?: string | null;

  @Field(() => Int)
  sitesCharged: number;

  @Field(() => Int)
  creditsCharged: number;

  @Field(() => Int)
  sitesSuspended: number;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@Resolver()
export class BillingResolver {
  @Mutation(() => BillingRunPayload, { description: "Platform operator only: charges every active site its monthly cost, once per month." })
  async runMonthlyBilling(@Arg("input") input: RunMonthlyBillingInput, @Ctx() ctx: Context): Promise<BillingRunPayload> {
    const outcome: Partial<BillingRunPayload> = await payload(() => ctx.services.billing.run(input.month));
    const result: BillingRunPayload = { sitesCharged: 0, creditsCharged: 0, sitesSuspended: 0, userErrors: [], ...outcome };
    if (!result.userErrors.length) {
      const { sitesCharged, creditsCharged, sitesSuspended } = result;
      await ctx.services.audit.recordRun(ctx.acting, { action: "runMonthlyBilling", result: { input, result: { sitesCharged, creditsCharged, sitesSuspended } } });
    }
    return result;
  }
}
