import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { PartnerAdmin } from "../admins/admin.entity";
import { callerAdmin, type Context } from "../context";
import { payload } from "../errors";
import { Site } from "../sites/site.entity";
import { CreditTransaction, CreditTransactionKind } from "./credit-transaction.entity";
import { AllocateCreditsInput, CreditTransactionConnection, CreditsPayload, GrantCreditsInput, ReclaimCreditsInput } from "./credit.inputs";

/** The payload's site is the one its transaction names, as it is after the move: `transaction { site }` reads nothing again. */
function primeSite(ctx: Context) {
  return (result: CreditsPayload): CreditsPayload => {
    if (result.site) ctx.loaders.siteById.clear(result.site.id).prime(result.site.id, result.site);
    return result;
  };
}

@Resolver(() => CreditTransaction)
export class CreditResolver {
  @Query(() => CreditTransactionConnection, { description: "The partner's credit history, newest first." })
  creditTransactions(
    @Ctx() ctx: Context,
    @Arg("from", () => Date, { nullable: true, description: "Inclusive." }) from?: Date | null,
    @Arg("to", () => Date, { nullable: true, description: "Exclusive." }) to?: Date | null,
    @Arg("siteId", () => ID, { nullable: true }) siteId?: string | null,
    @Arg("kinds", () => [CreditTransactionKind], { nullable: true }) kinds?: CreditTransactionKind[] | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<CreditTransactionConnection> {
    return ctx.services.credits.history(callerAdmin(ctx).partnerId, { from, to, siteId, kinds }, first, after);
  }

  @FieldResolver(() => Site, { nullable: true, description: "Null for PURCHASE and once the site is deleted." })
  site(@Root() transaction: CreditTransaction, @Ctx() ctx: Context): Promise<Site | null> | null {
    return transaction.siteId ? ctx.loaders.siteById.load(transaction.siteId) : null;
  }

  @FieldResolver(() => PartnerAdmin, { nullable: true, description: "Null for platform and billing entries." })
  actor(@Root() transaction: CreditTransaction, @Ctx() ctx: Context): Promise<PartnerAdmin | null> | null {
    return transaction.actorId ? ctx.loaders.adminById.load(transaction.actorId) : null;
  }

  @Mutation(() => CreditsPayload, { description: "Moves credits from the partner's pool to a site." })
  allocateCredits(@Arg("input") input: AllocateCreditsInput, @Ctx() ctx: Context): Promise<CreditsPayload> {
    const admin = callerAdmin(ctx);
    return payload(() => ctx.services.credits.allocate(ctx.acting, admin.partnerId, admin.id, input)).then(primeSite(ctx));
  }

  @Mutation(() => CreditsPayload, { description: "Moves credits from a site back to the partner's pool." })
  reclaimCredits(@Arg("input") input: ReclaimCreditsInput, @Ctx() ctx: Context): Promise<CreditsPayload> {
    const admin = callerAdmin(ctx);
    return payload(() => ctx.services.credits.reclaim(ctx.acting, admin.partnerId, admin.id, input)).then(primeSite(ctx));
  }

  @Mutation(() => CreditsPayload, { description: "Platform operator only: credits a partner bought (PURCHASE)." })
  grantCredits(@Arg("input") input: GrantCreditsInput, @Ctx() ctx: Context): Promise<CreditsPayload> {
    return payload(() => ctx.services.credits.grant(ctx.acting, input));
  }
}
