import { randomUUID } from "node:crypto";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import { InvitationStatus } from "../admins/invitation-state.type";
import type { Acting, AuditService } from "../audit/audit.service";
import { hashToken, newLinkToken } from "../auth/tokens";
import type { LowCreditWarnings } from "./low-credit-warnings";
import type { Clock } from "../clock";
import type { Config } from "../config";
import { CreditTransactionKind } from "../credits/credit-transaction.entity";
import type { CreditsService } from "../credits/credits.service";
import { maxBalance } from "../credits/credits.messages";
import { affectedRows, lockedRow, lockRow, type Transactor } from "../database";
import { badInput, UserFacingError } from "../errors";
import type { Language } from "../language";
import type { Outbox } from "../mail/outbox";
import { siteAdministratorInvitation } from "../mail/templates";
import { OrderDirection, keysetPage, type Keyset } from "../pagination";
import { Partner } from "../partners/partner.entity";
import * as valid from "../validation";
import { billingMonthOf, monthlyCost, monthsToRunOut, monthsToRunOutWithinDays } from "./site-cost";
import { monthsToRunOutSql, runwaySql } from "./site-sql";
import { SiteAdministrator } from "./site-administrator.entity";
import { SiteInvitationState, SiteOrderField, type SiteInvitationPreview } from "./site.inputs";
import { Site, SiteStatus } from "./site.entity";
import { messages } from "./sites.messages";

export const siteInvitationLifetimeMs = 7 * 24 * 3600 * 1000;
const maxUsage = 10_000_000;
/** The most a site can cost a month: what a balance can hold at most. */
export const maxMonthlyCost = maxBalance;
const siteName = { label: "The site's name", max: 200 };
const siteNotes = { label: "Notes", max: 2000, allowEmpty: true, lineBreaks: true };

export interface SitesDeps {
  dataSource: DataSource;
  transactor: Transactor;
  outbox: Outbox;
  clock: Clock;
  config: Pick<Config, "publicUrl" | "priceCreditsPerDevice" | "priceCreditsPer100Users">;
  credits: CreditsService;
  warnings: LowCreditWarnings;
  audit: AuditService;
}

export interface SiteListArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
  needsCreditsWithinDays?: number | null;
  orderBy?: { field: SiteOrderField; direction: OrderDirection } | null;
}

/**
 * The sort key of each order at the given billing month: a column or expression (NULLs mapped
 * to one end) and how to read it back from a site. By run-out date, suspended sites (already
 * run out) come first and sites that cost nothing last.
 */
function orderKeys(month: string, now: Date): Record<SiteOrderField, Pick<Keyset<Site>, "sql" | "value" | "parse">> {
  const noRunOut = (s: Site) => (s.status === SiteStatus.ACTIVE ? maxInt : -1);
  return {
    NAME: { sql: "s.name", value: (s) => s.name },
    COUNTRY: { sql: "s.country", value: (s) => s.country },
    CREDITS: { sql: "s.credits", value: (s) => s.credits },
    MONTHLY_COST: { sql: "s.monthly_cost", value: (s) => s.monthlyCost },
    CREDITS_RUN_OUT_ON: {
      sql: `COALESCE(${monthsToRunOutSql(month)}, CASE WHEN s.status = '${SiteStatus.ACTIVE}' THEN ${maxInt} ELSE -1 END)`,
      value: (s) => monthsToRunOut(s, now) ?? noRunOut(s),
    },
    CREATED_AT: { sql: "s.created_at", value: (s) => s.createdAt.toISOString(), parse: (value) => new Date(String(value)) },
  };
}
const maxInt = 2147483647;

/** A partner's customer sites. Every query is scoped to the caller's partner and leaves deleted sites out. */
export class SitesService {
  constructor(private readonly deps: SitesDeps) {}

  /** One of the partner's sites, or null: another partner's site looks exactly like an unknown id. */
  async find(partnerId: string, siteId: string): Promise<Site | null> {
    if (!valid.isId(siteId)) return null;
    return this.deps.dataSource.getRepository(Site).findOneBy({ id: siteId, partnerId, deletedAt: IsNull() });
  }

  async list(partnerId: string, args: SiteListArgs) {
    const order = args.orderBy ?? { field: SiteOrderField.NAME, direction: OrderDirection.ASC };
    const now = this.deps.clock.now();
    const month = billingMonthOf(now);
    const key = orderKeys(month, now)[order.field];
    const filtered = () => {
      const query = this.deps.dataSource.getRepository(Site).createQueryBuilder("s").where("s.partner_id = :partnerId AND s.deleted_at IS NULL", { partnerId });
      const search = args.search?.trim();
      if (search) {
        if (search.length > 200) throw badInput(messages.searchTooLong);
        const pattern = `%${search.replace(/[!%_]/g, (c) => "!" + c)}%`;
        query.andWhere("(s.name LIKE :pattern ESCAPE '!' OR s.notes LIKE :pattern ESCAPE '!' OR s.country = :country)", { pattern, country: search.toUpperCase() });
      }
      if (args.needsCreditsWithinDays != null) {
        const days = args.needsCreditsWithinDays;
        if (!Number.isInteger(days) || days < 0 || days > 3650) throw badInput(messages.needsCreditsWithinDays);
        // A suspended site has run out already: it needs credits to resume.
        const months = monthsToRunOutWithinDays(days, now);
        query.andWhere(`(s.status <> :active OR (s.runway_months <= :months AND ${monthsToRunOutSql(month)} <= :months))`, { active: SiteStatus.ACTIVE, months });
      }
      return query;
    };
    const direction = order.direction === OrderDirection.DESC ? "DESC" : "ASC";
    return keysetPage(filtered, { ...key, id: "s.id", direction }, args.first, args.after);
  }

  async create(
    acting: Acting,
    partnerId: string,
    actorId: string,
    input: {
      name: string;
      country: string;
      timeZone: string;
      administratorEmail: string;
      administratorLanguage: Language;
      notes?: string | null;
      credits?: number | null;
    },
  ): Promise<{ site: Site; partner: Partner }> {
    const normalized = {
      name: valid.text(input.name, "name", siteName),
      country: valid.country(input.country, "country"),
      timeZone: valid.timeZone(input.timeZone, "timeZone"),
      administratorEmail: valid.email(input.administratorEmail, "administratorEmail"),
      notes: valid.text(input.notes ?? "", "notes", siteNotes),
      credits: input.credits == null || input.credits === 0 ? null : this.deps.credits.checkCredits(input.credits),
    };
    const { name, country, timeZone, administratorEmail, notes, credits } = normalized;
    const now = this.deps.clock.now();
    const result = await this.deps.transactor.run(async (manager) => {
      const site = manager.create(Site, {
        id: randomUUID(),
        partnerId,
        name,
        country,
        timeZone,
        notes,
        status: SiteStatus.ACTIVE,
        credits: 0,
        userCount: 0,
        deviceCount: 0,
        monthlyCost: 0,
        runwayMonths: null,
        warnedWithinDays: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await manager.insert(Site, site);
      await this.inviteIn(manager, site, administratorEmail, input.administratorLanguage);
      const created = credits
        ? await this.deps.credits.moveBetweenPoolAndSite(manager, { kind: CreditTransactionKind.ALLOCATION, partnerId, actorId, siteId: site.id, credits })
        : { site, partner: await manager.findOneByOrFail(Partner, { id: partnerId }) };
      await this.audit(manager, acting, "createSite", null, created.site!, normalized);
      return { site: created.site!, partner: created.partner };
    });
    this.deps.outbox.wake();
    return result;
  }

  async update(
    acting: Acting,
    partnerId: string,
    input: { id: string; name?: string | null; country?: string | null; timeZone?: string | null; notes?: string | null },
  ): Promise<Site> {
    const id = valid.id(input.id, "id", { message: messages.notFound });
    const changes: Partial<Pick<Site, "name" | "country" | "timeZone" | "notes">> = {};
    if (input.name != null) changes.name = valid.text(input.name, "name", siteName);
    if (input.country != null) changes.country = valid.country(input.country, "country");
    if (input.timeZone != null) changes.timeZone = valid.timeZone(input.timeZone, "timeZone");
    if (input.notes != null) changes.notes = valid.text(input.notes, "notes", siteNotes);
    return this.deps.transactor.run(async (manager) => {
      const site = await lockedRow(manager, Site, id);
      if (!site || site.partnerId !== partnerId || site.deletedAt) throw new UserFacingError("NOT_FOUND", messages.notFound, "id");
      const before = { ...site };
      if (Object.keys(changes).length) {
        Object.assign(site, changes, { updatedAt: this.deps.clock.now() });
        await manager.update(Site, { id }, { ...changes, updatedAt: site.updatedAt });
      }
      await this.audit(manager, acting, "updateSite", before, site, { id, ...changes });
      return site;
    });
  }

  /**
   * Soft-deletes a site: it leaves every list, its credits go back to the pool as a RECLAIM,
   * its pending administrator invitations are revoked, and its ledger rows stay.
   */
  async delete(acting: Acting, partnerId: string, actorId: string, rawSiteId: string): Promise<{ deletedSiteId: string; partner: Partner }> {
    const siteId = valid.id(rawSiteId, "id", { message: messages.notFound });
    return this.deps.transactor.run(async (manager) => {
      // The site's row first (site → partner, the lock order of every credit move).
      await lockRow(manager, Site, siteId);
      const site = await manager.findOneBy(Site, { id: siteId, partnerId, deletedAt: IsNull() });
      if (!site) throw new UserFacingError("NOT_FOUND", messages.notFound, "id");
      if (site.credits > 0)
        await this.deps.credits.moveBetweenPoolAndSite(manager, { kind: CreditTransactionKind.RECLAIM, partnerId, actorId, siteId, credits: site.credits, note: "Site deleted" });
      const now = this.deps.clock.now();
      await manager.update(Site, { id: siteId }, { deletedAt: now, updatedAt: now });
      await manager.update(SiteAdministrator, { siteId, acceptedAt: IsNull(), revokedAt: IsNull() }, { spentTokenHash: () => "token_hash", revokedAt: now, tokenHash: null });
      await this.audit(manager, acting, "deleteSite", site, { ...site, credits: 0, deletedAt: now, updatedAt: now }, { id: siteId });
      return { deletedSiteId: siteId, partner: await manager.findOneByOrFail(Partner, { id: partnerId }) };
    });
  }

  /** In the language asked for, else the one the person was invited in before, else `defaultLanguage` (the caller's). */
  async inviteAdministrator(
    acting: Acting,
    partnerId: string,
    input: { siteId: string; email: string; language?: Language | null },
    defaultLanguage: Language,
  ): Promise<{ siteAdministrator: SiteAdministrator; site: Site }> {
    const normalized = { siteId: valid.id(input.siteId, "siteId", { message: messages.notFound }), email: valid.email(input.email, "email") };
    const result = await this.deps.transactor.run(async (manager) => {
      // Invitations to one site run one after the other, so a person is never listed twice.
      await lockRow(manager, Site, normalized.siteId);
      const site = await manager.findOneBy(Site, { id: normalized.siteId, partnerId, deletedAt: IsNull() });
      if (!site) throw new UserFacingError("NOT_FOUND", messages.notFound, "siteId");
      const earlier = input.language ? null : await manager.findOneBy(SiteAdministrator, { siteId: site.id, email: normalized.email });
      const siteAdministrator = await this.inviteIn(manager, site, normalized.email, input.language ?? earlier?.language ?? defaultLanguage);
      await this.audit(manager, acting, "inviteSiteAdministrator", site, site, normalized);
      return { siteAdministrator, site };
    });
    this.deps.outbox.wake();
    return result;
  }

  /** Invites (or invites again, voiding the earlier link) a site administrator in this language, in the caller's transaction. */
  private async inviteIn(manager: EntityManager, site: Site, email: string, language: Language): Promise<SiteAdministrator> {
    const existing = await manager.findOneBy(SiteAdministrator, { siteId: site.id, email });
    // Someone who already accepted needs no link: one mailed now could never be used.
    if (existing?.acceptedAt) return existing;
    const now = this.deps.clock.now();
    const token = newLinkToken();
    const expiresAt = new Date(now.getTime() + siteInvitationLifetimeMs);
    const partner = await manager.findOneByOrFail(Partner, { id: site.partnerId });
    const message = await this.deps.outbox.enqueue(
      manager,
      siteAdministratorInvitation({
        to: email,
        partnerId: site.partnerId,
        partnerName: partner.name,
        siteName: site.name,
        acceptUrl: `${this.deps.config.publicUrl}/site-invitation?token=${token}`,
        expiresAt,
        language,
      }),
    );
    // The earlier link, now replaced, stays known so its page can say a newer one was sent.
    const spentTokenHash = existing?.tokenHash ?? existing?.spentTokenHash ?? null;
    const invitation = { tokenHash: hashToken(token), spentTokenHash, invitedAt: now, expiresAt, acceptedAt: null, revokedAt: null, messageId: message.id, language };
    if (existing) {
      await manager.update(SiteAdministrator, { id: existing.id }, invitation);
      return Object.assign(existing, invitation);
    }
    const administrator = manager.create(SiteAdministrator, { id: randomUUID(), partnerId: site.partnerId, siteId: site.id, email, ...invitation });
    await manager.insert(SiteAdministrator, administrator);
    return administrator;
  }

  /** Public: the invited person accepts a site administrator invitation from the email's link. */
  /** Public: the invited person accepts a site administrator invitation from the email's link; the audit log names them by their email. */
  async acceptAdministratorInvitation(acting: Acting, token: string): Promise<{ siteName: string }> {
    const repository = this.deps.dataSource.getRepository(SiteAdministrator);
    const invitation = await repository.findOneBy({ tokenHash: hashToken(token) });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw new UserFacingError("INVITATION_INVALID", messages.invitationInvalid, "token");
    if (invitation.expiresAt <= this.deps.clock.now()) throw new UserFacingError("INVITATION_EXPIRED", messages.invitationExpired, "token");
    const site = await this.deps.dataSource.getRepository(Site).findOneBy({ id: invitation.siteId, deletedAt: IsNull() });
    if (!site) throw new UserFacingError("INVITATION_INVALID", messages.invitationInvalid, "token");
    await this.deps.transactor.run(async (manager) => {
      const updated = await manager.update(
        SiteAdministrator,
        { id: invitation.id, tokenHash: invitation.tokenHash!, acceptedAt: IsNull() },
        { acceptedAt: this.deps.clock.now(), tokenHash: null, spentTokenHash: invitation.tokenHash },
      );
      if (affectedRows(updated) !== 1) throw new UserFacingError("INVITATION_INVALID", messages.invitationInvalid, "token");
      await this.audit(manager, { ...acting, name: invitation.email }, "acceptSiteAdministratorInvitation", site, site, {});
    });
    return { siteName: site.name };
  }

  /**
   * Public: what a site administrator's link shows before it is accepted: the site, the partner
   * and where the link stands. Null for a token that was never sent (nothing leaks without one).
   */
  async previewAdministratorInvitation(token: string): Promise<SiteInvitationPreview | null> {
    if (!token) return null;
    const repository = this.deps.dataSource.getRepository(SiteAdministrator);
    const hash = hashToken(token);
    const current = await repository.findOneBy({ tokenHash: hash });
    const invitation = current ?? (await repository.findOneBy({ spentTokenHash: hash }));
    if (!invitation) return null;
    const site = await this.deps.dataSource.getRepository(Site).findOneBy({ id: invitation.siteId });
    const partner = await this.deps.dataSource.getRepository(Partner).findOneBy({ id: invitation.partnerId });
    if (!site || !partner) return null;
    const state = current
      ? site.deletedAt
        ? SiteInvitationState.REVOKED
        : invitation.expiresAt <= this.deps.clock.now()
          ? SiteInvitationState.EXPIRED
          : SiteInvitationState.PENDING
      : invitation.acceptedAt
        ? SiteInvitationState.ACCEPTED
        : invitation.revokedAt
          ? SiteInvitationState.REVOKED
          : SiteInvitationState.REPLACED;
    return { siteName: site.name, partnerName: partner.name, state, expiresAt: invitation.expiresAt };
  }

  administratorStatus(administrator: SiteAdministrator): InvitationStatus {
    if (administrator.acceptedAt) return InvitationStatus.ACCEPTED;
    if (administrator.revokedAt) return InvitationStatus.REVOKED;
    return administrator.expiresAt <= this.deps.clock.now() ? InvitationStatus.EXPIRED : InvitationStatus.PENDING;
  }

  private audit(manager: EntityManager, acting: Acting, action: string, before: Site | null, after: Site, input: object): Promise<void> {
    return this.deps.audit.record(manager, acting, { action, partnerId: after.partnerId, object: { type: "Site", id: after.id, before, after }, input });
  }

  /** The platform reports a site's registered users and devices; its monthly cost follows. */
  async reportUsage(acting: Acting, input: { siteId: string; userCount: number; deviceCount: number }): Promise<{ site: Site; partner: Partner }> {
    for (const field of ["userCount", "deviceCount"] as const) {
      const count = input[field];
      if (!Number.isInteger(count) || count < 0 || count > maxUsage) throw new UserFacingError("INVALID_USAGE", messages.usageRange, field);
    }
    const normalized = { siteId: valid.id(input.siteId, "siteId", { message: messages.notFound }), userCount: input.userCount, deviceCount: input.deviceCount };
    const cost = monthlyCost(input, this.deps.config);
    // A cost no balance could pay, and beyond what the API's 32-bit Int can return, is refused.
    if (cost > maxMonthlyCost) throw new UserFacingError("COST_TOO_HIGH", messages.costTooHigh(cost, maxMonthlyCost));
    const result = await this.deps.transactor.run(async (manager) => {
      const site = await manager.findOneBy(Site, { id: normalized.siteId, deletedAt: IsNull() });
      if (!site) throw new UserFacingError("NOT_FOUND", messages.notFound, "siteId");
      await manager
        .createQueryBuilder()
        .update(Site)
        .set({
          // From the row's own credits, so a credit move at the same moment cannot leave it stale.
          runwayMonths: () => runwaySql(this.deps.transactor.dialect, "credits", String(cost)),
          userCount: input.userCount,
          deviceCount: input.deviceCount,
          monthlyCost: cost,
          updatedAt: this.deps.clock.now(),
        })
        .where("id = :id", { id: site.id })
        .execute();
      const updated = await manager.findOneByOrFail(Site, { id: site.id });
      await this.deps.warnings.mailDueAndClear(manager, [updated]);
      await this.audit(manager, acting, "reportSiteUsage", site, updated, normalized);
      return { site: updated, partner: await manager.findOneByOrFail(Partner, { id: site.partnerId }) };
    });
    this.deps.outbox.wake();
    return result;
  }

}
