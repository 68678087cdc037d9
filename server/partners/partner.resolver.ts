import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { callerAdmin, type Context } from "../context";
import { payload } from "../errors";
import { Partner } from "./partner.entity";
import { CreatePartnerInput, PartnerPayload } from "./partner.inputs";

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { description: "The caller's partner." })
  partner(@Ctx() ctx: Context): Promise<Partner> {
    return ctx.services.partners.get(callerAdmin(ctx).partnerId);
  }

  @Mutation(() => PartnerPayload, { description: "Platform operator only: creates a partner and invites its Master." })
  createPartner(@Arg("input") input: CreatePartnerInput, @Ctx() ctx: Context): Promise<PartnerPayload> {
    return payload(async () => ({ partner: (await ctx.services.partners.create(ctx.acting, input)).partner }));
  }
}
