import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { callerAdmin, type Context } from "../context";
import { payload } from "../errors";
import { PartnerAdmin } from "./admin.entity";
import { AdminPayload, ChangeAdminRoleInput, InviteAdminInput, RemoveAdminInput, RemoveAdminPayload, ResendInvitationInput, SetPreferredLanguageInput } from "./admin.inputs";
import { InvitationState } from "./invitation-state.type";

@Resolver(() => PartnerAdmin)
export class AdminResolver {
  @Query(() => PartnerAdmin, { description: "The signed-in admin." })
  me(@Ctx() ctx: Context): PartnerAdmin {
    return callerAdmin(ctx);
  }

  @Query(() => [PartnerAdmin], { description: "The partner's admins and pending invitations, oldest first." })
  admins(@Ctx() ctx: Context): Promise<PartnerAdmin[]> {
    return ctx.services.admins.list(callerAdmin(ctx).partnerId);
  }

  @FieldResolver(() => InvitationState, { nullable: true, description: "Null once accepted." })
  async invitation(@Root() admin: PartnerAdmin, @Ctx() ctx: Context): Promise<InvitationState | null> {
    const delivered = admin.invitationMessageId ? await ctx.loaders.messageDelivered.load(admin.invitationMessageId) : false;
    return ctx.services.admins.invitationState(admin, delivered);
  }

  @FieldResolver(() => PartnerAdmin, { nullable: true })
  invitedBy(@Root() admin: PartnerAdmin, @Ctx() ctx: Context): Promise<PartnerAdmin | null> | null {
    return admin.invitedById ? ctx.loaders.adminById.load(admin.invitedById) : null;
  }

  @Mutation(() => AdminPayload)
  inviteAdmin(@Arg("input") input: InviteAdminInput, @Ctx() ctx: Context): Promise<AdminPayload> {
    return payload(async () => ({ admin: await ctx.services.admins.invite(ctx.acting, callerAdmin(ctx), input) }));
  }

  @Mutation(() => AdminPayload, { description: "Sends a new sign-up link; the earlier one stops working." })
  resendInvitation(@Arg("input") input: ResendInvitationInput, @Ctx() ctx: Context): Promise<AdminPayload> {
    return payload(async () => ({ admin: await ctx.services.admins.resend(ctx.acting, callerAdmin(ctx), input.adminId) }));
  }

  @Mutation(() => AdminPayload)
  changeAdminRole(@Arg("input") input: ChangeAdminRoleInput, @Ctx() ctx: Context): Promise<AdminPayload> {
    return payload(async () => ({ admin: await ctx.services.admins.changeRole(ctx.acting, callerAdmin(ctx), input.adminId, input.role) }));
  }

  @Mutation(() => AdminPayload, { description: "Sets the language of the emails the signed-in admin gets (e.g. password resets, low-credit warnings)." })
  setPreferredLanguage(@Arg("input") input: SetPreferredLanguageInput, @Ctx() ctx: Context): Promise<AdminPayload> {
    return payload(async () => ({ admin: await ctx.services.admins.setPreferredLanguage(ctx.acting, callerAdmin(ctx), input.language) }));
  }

  @Mutation(() => RemoveAdminPayload, { description: "Removes an admin, or revokes a pending invitation." })
  removeAdmin(@Arg("input") input: RemoveAdminInput, @Ctx() ctx: Context): Promise<RemoveAdminPayload> {
    return payload(async () => ({ removedAdminId: await ctx.services.admins.remove(ctx.acting, callerAdmin(ctx), input.adminId) }));
  }
}
