import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { InvitationStatus } from "../admins/invitation-state.type";
import { callerAdmin, type Context } from "../context";
import { payload } from "../errors";
import { creditsRunOutOn } from "./site-cost";
import { SiteAdministrator } from "./site-administrator.entity";
import { Site } from "./site.entity";
import {
  AcceptSiteAdministratorInvitationInput,
  AcceptSiteAdministratorInvitationPayload,
  CreateSiteInput,
  DeleteSiteInput,
  DeleteSitePayload,
  InviteSiteAdministratorInput,
  ReportSiteUsageInput,
  SiteAdministratorPayload,
  SiteConnection,
  SiteInvitationPreview,
  SiteOrder,
  SitePayload,
  UpdateSiteInput,
} from "./site.inputs";

@Resolver(() => Site)
export class SiteResolver {
  @Query(() => SiteConnection, { description: "The partner's sites; deleted ones are left out." })
  sites(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
    @Arg("search", () => String, { nullable: true, description: "Part of the name or notes, or a country code." }) search?: string | null,
    @Arg("needsCreditsWithinDays", () => Int, { nullable: true, description: "Only sites whose credits run out within this many days." })
    needsCreditsWithinDays?: number | null,
    @Arg("orderBy", () => SiteOrder, { nullable: true, description: "Default: NAME ASC." }) orderBy?: SiteOrder | null,
  ): Promise<SiteConnection> {
    return ctx.services.sites.list(callerAdmin(ctx).partnerId, { first, after, search, needsCreditsWithinDays, orderBy });
  }

  @Query(() => Site, { nullable: true, description: "One of the partner's sites; null when there is no such site." })
  site(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<Site | null> {
    return ctx.services.sites.find(callerAdmin(ctx).partnerId, id);
  }

  @FieldResolver(() => Date, { nullable: true, description: "When the credits run out at the current monthly cost: the first monthly billing (1st of a month, UTC) they cannot pay. Null while monthlyCost is 0." })
  creditsRunOutOn(@Root() site: Site, @Ctx() ctx: Context): Date | null {
    return creditsRunOutOn(site, ctx.services.clock.now());
  }

  @FieldResolver(() => [SiteAdministrator])
  administrators(@Root() site: Site, @Ctx() ctx: Context): Promise<SiteAdministrator[]> {
    return ctx.loaders.administratorsBySiteId.load(site.id);
  }

  @Mutation(() => SitePayload)
  createSite(@Arg("input") input: CreateSiteInput, @Ctx() ctx: Context): Promise<SitePayload> {
    const admin = callerAdmin(ctx);
    return payload(() => ctx.services.sites.create(ctx.acting, admin.partnerId, admin.id, { ...input, administratorLanguage: input.administratorLanguage ?? admin.preferredLanguage }));
  }

  @Mutation(() => SitePayload)
  updateSite(@Arg("input") input: UpdateSiteInput, @Ctx() ctx: Context): Promise<SitePayload> {
    const admin = callerAdmin(ctx);
    return payload(async () => ({ site: await ctx.services.sites.update(ctx.acting, admin.partnerId, input), partner: await ctx.services.partners.get(admin.partnerId) }));
  }

  @Mutation(() => DeleteSitePayload, { description: "Soft delete: the site's credits go back to the pool; its history stays." })
  deleteSite(@Arg("input") input: DeleteSiteInput, @Ctx() ctx: Context): Promise<DeleteSitePayload> {
    const admin = callerAdmin(ctx);
    return payload(() => ctx.services.sites.delete(ctx.acting, admin.partnerId, admin.id, input.id));
  }

  @Mutation(() => SiteAdministratorPayload, { description: "Invites a customer's person to run the site (or sends a new link)." })
  inviteSiteAdministrator(@Arg("input") input: InviteSiteAdministratorInput, @Ctx() ctx: Context): Promise<SiteAdministratorPayload> {
    const admin = callerAdmin(ctx);
    return payload(() => ctx.services.sites.inviteAdministrator(ctx.acting, admin.partnerId, input, admin.preferredLanguage));
  }

  @Query(() => SiteInvitationPreview, {
    nullable: true,
    description: "Public: the site, partner and state of a site administrator's link, for its page. Null when the token was never sent.",
  })
  siteInvitation(@Arg("token") token: string, @Ctx() ctx: Context): Promise<SiteInvitationPreview | null> {
    return ctx.services.sites.previewAdministratorInvitation(token);
  }

  @Mutation(() => AcceptSiteAdministratorInvitationPayload, { description: "Public: accepts a site administrator invitation from its email link." })
  acceptSiteAdministratorInvitation(@Arg("input") input: AcceptSiteAdministratorInvitationInput, @Ctx() ctx: Context): Promise<AcceptSiteAdministratorInvitationPayload> {
    return payload(() => ctx.services.sites.acceptAdministratorInvitation(ctx.acting, input.token));
  }

  @Mutation(() => SitePayload, { description: "Platform operator only: the users and devices a site has registered." })
  reportSiteUsage(@Arg("input") input: ReportSiteUsageInput, @Ctx() ctx: Context): Promise<SitePayload> {
    return payload(() => ctx.services.sites.reportUsage(ctx.acting, input));
  }
}

@Resolver(() => SiteAdministrator)
export class SiteAdministratorResolver {
  @FieldResolver(() => InvitationStatus)
  status(@Root() administrator: SiteAdministrator, @Ctx() ctx: Context): InvitationStatus {
    return ctx.services.sites.administratorStatus(administrator);
  }
}
