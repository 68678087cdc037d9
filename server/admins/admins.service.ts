import { randomUUID } from "node:crypto";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import type { Acting, AuditService } from "../audit/audit.service";
import { hashToken, newLinkToken } from "../auth/tokens";
import type { Clock } from "../clock";
import type { Config } from "../config";
import { isUniqueViolation, lockRow, type Transactor } from "../database";
import { UserFacingError } from "../errors";
import { Language } from "../language";
import type { Outbox } from "../mail/outbox";
import { adminInvitation } from "../mail/templates";
import { Partner, PartnerStatus } from "../partners/partner.entity";
import { AdminRole } from "../roles";
import * as valid from "../validation";
import { AdminStatus, PartnerAdmin } from "./admin.entity";
import { InvitationStatus, type InvitationState } from "./invitation-state.type";
import { messages } from "./admins.messages";

export const invitationLifetimeMs = 7 * 24 * 3600 * 1000;

export interface AdminsDeps {
  dataSource: DataSource;
  transactor: Transactor;
  outbox: Outbox;
  clock: Clock;
  config: Pick<Config, "publicUrl">;
  audit: AuditService;
}

/** A partner's staff: invitations, levels and removal. Every query is scoped to the caller's partner. */
export class AdminsService {
  constructor(private readonly deps: AdminsDeps) {}

  /** The partner's admins, removed ones left out, oldest first. */
  list(partnerId: string): Promise<PartnerAdmin[]> {
    return this.deps.dataSource.getRepository(PartnerAdmin).find({
      where: { partnerId, removedAt: IsNull() },
      order: { createdAt: "ASC", id: "ASC" },
    });
  }

  /** An admin of this partner, or null: another partner's admin looks exactly like an unknown id. */
  async findInPartner(partnerId: string, adminId: string): Promise<PartnerAdmin | null> {
    if (!valid.isId(adminId)) return null;
    return this.deps.dataSource.getRepository(PartnerAdmin).findOne({ where: { id: adminId, partnerId, removedAt: IsNull() } });
  }

  invitationState(admin: PartnerAdmin, emailDelivered: boolean): InvitationState | null {
    if (admin.status !== AdminStatus.INVITED || !admin.invitationExpiresAt) return null;
    const status = admin.removedAt
      ? InvitationStatus.REVOKED
      : admin.invitationExpiresAt <= this.deps.clock.now()
        ? InvitationStatus.EXPIRED
        : InvitationStatus.PENDING;
    return { status, expiresAt: admin.invitationExpiresAt, emailDelivered };
  }

  /**
   * Invites a person to the caller's partner, in the language the inviter chose (by default the
   * inviter's own). An address that is already an admin of another partner is invited like any
   * other (the caller cannot tell), but is mailed that it cannot be used, and its invitation has
   * no sign-up link (see README, Security).
   */
  async invite(acting: Acting, caller: PartnerAdmin, input: { email: string; role: AdminRole; language?: Language | null }): Promise<PartnerAdmin> {
    const normalized = { email: valid.email(input.email, "email"), role: input.role, language: input.language ?? caller.preferredLanguage };
    const admin = await this.deps.transactor.run(async (manager) => {
      // Invitations of one partner run one after the other, so an address is never invited twice.
      await lockRow(manager, Partner, caller.partnerId);
      const partner = await manager.findOneByOrFail(Partner, { id: caller.partnerId });
      if (partner.status !== PartnerStatus.ACTIVE) throw new UserFacingError("PARTNER_NOT_ACTIVE", messages.partnerPending);
      const { admin } = await this.createInvited(manager, { partner, ...normalized, invitedById: caller.id, concealOtherPartner: true });
      await this.audit(manager, acting, "inviteAdmin", null, admin, normalized);
      return admin;
    });
    this.deps.outbox.wake();
    return admin;
  }

  /**
   * Creates an INVITED admin and its invitation email inside the caller's transaction; the
   * invitation's language is the admin's until they choose another at sign-up or later.
   * Returns the sign-up link too, for the platform's command line and the demo partner.
   * An address already an admin of another partner is refused (EMAIL_UNAVAILABLE), or with
   * concealOtherPartner invited without a sign-up link and mailed why.
   */
  async createInvited(
    manager: EntityManager,
    args: { partner: Partner; email: string; role: AdminRole; invitedById: string | null; language?: Language; concealOtherPartner?: boolean },
  ): Promise<{ admin: PartnerAdmin; signUpUrl: string | null }> {
    const here = await manager.findOne(PartnerAdmin, { where: { partnerId: args.partner.id, email: args.email, removedAt: IsNull() } });
    if (here) throw new UserFacingError("EMAIL_TAKEN", messages.emailTaken, "email");
    const elsewhere = await manager.findOne(PartnerAdmin, { where: { liveEmail: args.email } });
    if (elsewhere && !args.concealOtherPartner) throw new UserFacingError("EMAIL_UNAVAILABLE", messages.emailUnavailable, "email");
    const admin = manager.create(PartnerAdmin, {
      id: randomUUID(),
      partnerId: args.partner.id,
      email: args.email,
      liveEmail: elsewhere ? null : args.email,
      name: null,
      role: args.role,
      status: AdminStatus.INVITED,
      preferredLanguage: args.language ?? Language.EN,
      passwordHash: null,
      invitedById: args.invitedById,
      createdAt: this.deps.clock.now(),
      lastLogInAt: null,
      removedAt: null,
    });
    const signUpUrl = await this.issueInvitation(manager, admin, args.partner, !!elsewhere);
    try {
      await manager.insert(PartnerAdmin, admin);
    } catch (error) {
      // Two invitations of one address at the same moment: the unique key lets one through.
      if (isUniqueViolation(error)) throw new UserFacingError("EMAIL_TAKEN", messages.emailTaken, "email");
      throw error;
    }
    return { admin, signUpUrl };
  }

  async resend(acting: Acting, caller: PartnerAdmin, rawAdminId: string): Promise<PartnerAdmin> {
    const adminId = valid.id(rawAdminId, "adminId", { message: messages.notFound });
    const admin = await this.deps.transactor.run(async (manager) => {
      const admin = await this.lockTarget(manager, caller, adminId);
      const before = { ...admin };
      if (admin.status !== AdminStatus.INVITED) throw new UserFacingError("INVITATION_NOT_PENDING", messages.notPending, "adminId");
      const partner = await manager.findOneByOrFail(Partner, { id: caller.partnerId });
      // An address that was another partner's admin may be free by now: then the new link works.
      const elsewhere = await manager.findOne(PartnerAdmin, { where: { liveEmail: admin.email } });
      const blocked = !!elsewhere && elsewhere.id !== admin.id;
      await this.issueInvitation(manager, admin, partner, blocked);
      admin.liveEmail = blocked ? null : admin.email;
      await manager.update(
        PartnerAdmin,
        { id: admin.id },
        { liveEmail: admin.liveEmail, invitationTokenHash: admin.invitationTokenHash, invitationExpiresAt: admin.invitationExpiresAt, invitationMessageId: admin.invitationMessageId },
      );
      await this.audit(manager, acting, "resendInvitation", before, admin, { adminId });
      return admin;
    });
    this.deps.outbox.wake();
    return admin;
  }

  async changeRole(acting: Acting, caller: PartnerAdmin, rawAdminId: string, role: AdminRole): Promise<PartnerAdmin> {
    const adminId = valid.id(rawAdminId, "adminId", { message: messages.notFound });
    return this.deps.transactor.run(async (manager) => {
      const admin = await this.lockTarget(manager, caller, adminId);
      const before = { ...admin };
      if (admin.id === caller.id) throw new UserFacingError("CANNOT_ACT_ON_SELF", messages.self, "adminId");
      if (admin.role === role) throw new UserFacingError("SAME_ROLE", messages.sameRole, "role");
      if (admin.role === AdminRole.MASTER && admin.status === AdminStatus.ACTIVE) await this.keepOneMaster(manager, caller.partnerId);
      await manager.update(PartnerAdmin, { id: admin.id }, { role });
      admin.role = role;
      await this.audit(manager, acting, "changeAdminRole", before, admin, { adminId, role });
      return admin;
    });
  }

  /** Removes an admin, or revokes a pending invitation. The row stays for the ledger's history. */
  async remove(acting: Acting, caller: PartnerAdmin, rawAdminId: string): Promise<string> {
    const adminId = valid.id(rawAdminId, "adminId", { message: messages.notFound });
    return this.deps.transactor.run(async (manager) => {
      const admin = await this.lockTarget(manager, caller, adminId);
      if (admin.id === caller.id) throw new UserFacingError("CANNOT_ACT_ON_SELF", messages.self, "adminId");
      if (admin.role === AdminRole.MASTER && admin.status === AdminStatus.ACTIVE) await this.keepOneMaster(manager, caller.partnerId);
      const removal = {
        removedAt: this.deps.clock.now(),
        liveEmail: null,
        invitationTokenHash: null,
        status: admin.status === AdminStatus.ACTIVE ? AdminStatus.DISABLED : admin.status,
      };
      await manager.update(PartnerAdmin, { id: admin.id }, removal);
      await this.audit(manager, acting, "removeAdmin", admin, { ...admin, ...removal }, { adminId });
      return admin.id;
    });
  }

  /** The language of the emails the admin gets; any signed-in admin sets their own. */
  async setPreferredLanguage(acting: Acting, caller: PartnerAdmin, language: Language): Promise<PartnerAdmin> {
    return this.deps.transactor.run(async (manager) => {
      await manager.update(PartnerAdmin, { id: caller.id }, { preferredLanguage: language });
      const after = await manager.findOneByOrFail(PartnerAdmin, { id: caller.id });
      await this.audit(manager, acting, "setPreferredLanguage", caller, after, { language });
      return after;
    });
  }

  /**
   * Gives the admin a new sign-up token (voiding any earlier one) and queues its email, in the
   * admin's language; an address in use at another partner (`inUse`) gets no token, and an email saying so.
   */
  private async issueInvitation(manager: EntityManager, admin: PartnerAdmin, partner: Partner, inUse: boolean): Promise<string | null> {
    const token = newLinkToken();
    const expiresAt = new Date(this.deps.clock.now().getTime() + invitationLifetimeMs);
    const signUpUrl = `${this.deps.config.publicUrl}/sign-up?token=${token}`;
    const message = await this.deps.outbox.enqueue(
      manager,
      adminInvitation({ to: admin.email, partnerId: partner.id, partnerName: partner.name, role: admin.role, signUpUrl: inUse ? null : signUpUrl, expiresAt, language: admin.preferredLanguage }),
    );
    admin.invitationTokenHash = inUse ? null : hashToken(token);
    admin.invitationExpiresAt = expiresAt;
    admin.invitationMessageId = message.id;
    return inUse ? null : signUpUrl;
  }

  private audit(manager: EntityManager, acting: Acting, action: string, before: PartnerAdmin | null, after: PartnerAdmin, input: object): Promise<void> {
    return this.deps.audit.record(manager, acting, { action, object: { type: "PartnerAdmin", id: after.id, before, after }, input });
  }

  /**
   * Loads the target admin for a change, scoped to the caller's partner. The partner row is
   * locked first, so concurrent changes of one partner's admins run one after the other
   * and the last-Master check cannot be raced.
   */
  private async lockTarget(manager: EntityManager, caller: PartnerAdmin, adminId: string): Promise<PartnerAdmin> {
    await lockRow(manager, Partner, caller.partnerId);
    const admin = await manager.findOne(PartnerAdmin, { where: { id: adminId, partnerId: caller.partnerId, removedAt: IsNull() } });
    if (!admin) throw new UserFacingError("NOT_FOUND", messages.notFound, "adminId");
    return admin;
  }

  private async keepOneMaster(manager: EntityManager, partnerId: string): Promise<void> {
    const masters = await manager.count(PartnerAdmin, {
      where: { partnerId, role: AdminRole.MASTER, status: AdminStatus.ACTIVE, removedAt: IsNull() },
    });
    if (masters <= 1) throw new UserFacingError("LAST_MASTER", messages.lastMaster, "adminId");
  }
}
