import { randomUUID } from "node:crypto";
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from "typeorm";
import type { Acting, AuditService } from "../audit/audit.service";
import type { LowCreditWarnings } from "../sites/low-credit-warnings";
import type { Clock } from "../clock";
import { affectedRows, isUniqueViolation, lockedRow, type Transactor } from "../database";
import { UserFacingError } from "../errors";
import { checkRange, keysetPage, newestFirst } from "../pagination";
import { Partner } from "../partners/partner.entity";
import { billingMonthOf, runwayMonths } from "../sites/site-cost";
import { runwaySql } from "../sites/site-sql";
import { Site, SiteStatus } from "../sites/site.entity";
import * as valid from "../validation";
import { CreditTransaction, CreditTransactionKind } from "./credit-transaction.entity";
import { maxBalance, maxCreditsPerMove, messages } from "./credits.messages";

export interface CreditsDeps {
  dataSource: DataSource;
  transactor: Transactor;
  clock: Clock;
  warnings: LowCreditWarnings;
  audit: AuditService;
}

export interface MoveInput {
  siteId: string;
  credits: number;
  note?: string | null;
  idempotencyKey?: string | null;
}

export interface MoveResult {
  transaction: CreditTransaction;
  site: Site | null;
  partner: Partner;
}

export interface HistoryFilter {
  from?: Date | null;
  to?: Date | null;
  siteId?: string | null;
  kinds?: CreditTransactionKind[] | null;
}

/** One ledger row to append; `site` carries the site's credits after the row. */
export interface LedgerEntry {
  partnerId: string;
  kind: CreditTransactionKind;
  credits: number;
  site: Pick<Site, "id" | "name" | "credits"> | null;
  unallocatedCreditsAfter: number;
  actorId: string | null;
  note?: string | null;
  reference?: string | null;
  idempotencyKey?: string | null;
  billingMonth?: string | null;
}

/** The credit history's order, newest first: the API's pages and the CSV export. */
export const historyOrder = newestFirst<CreditTransaction>("t");

type Direction = CreditTransactionKind.ALLOCATION | CreditTransactionKind.RECLAIM;

/**
 * The credit ledger. Every move is one transaction: one conditional UPDATE per balance
 * that cannot go below zero (checked by its affected rows), then an append-only ledger
 * row with both balances after. The site row is always updated before the partner row,
 * so concurrent moves lock in one order, and the partner's row (which every move of the
 * partner needs) is locked last, for the fewest statements.
 */
export class CreditsService {
  constructor(private readonly deps: CreditsDeps) {}

  allocate(acting: Acting, partnerId: string, actorId: string, input: MoveInput): Promise<MoveResult> {
    return this.move(acting, CreditTransactionKind.ALLOCATION, partnerId, actorId, input);
  }

  reclaim(acting: Acting, partnerId: string, actorId: string, input: MoveInput): Promise<MoveResult> {
    return this.move(acting, CreditTransactionKind.RECLAIM, partnerId, actorId, input);
  }

  /** The platform's sale of credits to a partner (PURCHASE). A replay of an idempotency key changes, and records, nothing. */
  async grant(acting: Acting, input: { partnerId: string; credits: number; reference: string; idempotencyKey?: string | null }): Promise<MoveResult> {
    const normalized = {
      partnerId: valid.id(input.partnerId, "partnerId", { message: messages.partnerNotFound }),
      credits: this.checkCredits(input.credits),
      reference: valid.text(input.reference, "reference", { label: "The reference", max: 200 }),
      idempotencyKey: this.checkKey(input.idempotencyKey),
    };
    const { credits, reference, idempotencyKey: key } = normalized;
    const partner = await this.deps.dataSource.getRepository(Partner).findOneBy({ id: normalized.partnerId });
    if (!partner) throw new UserFacingError("NOT_FOUND", messages.partnerNotFound, "partnerId");
    const same = (t: CreditTransaction) => t.kind === CreditTransactionKind.PURCHASE && t.credits === credits && t.reference === reference;
    return this.idempotent(partner.id, key, same, () =>
      this.deps.transactor.run(async (manager) => {
        const pool = (await this.changePool(manager, partner.id, credits)).unallocatedCredits;
        const transaction = await this.record(manager, {
          partnerId: partner.id,
          kind: CreditTransactionKind.PURCHASE,
          credits,
          site: null,
          unallocatedCreditsAfter: pool,
          actorId: null,
          reference,
          idempotencyKey: key,
        });
        const after = await manager.findOneByOrFail(Partner, { id: partner.id });
        const before = { ...after, unallocatedCredits: after.unallocatedCredits - credits };
        await this.deps.audit.record(manager, acting, { action: "grantCredits", partnerId: partner.id, object: { type: "Partner", id: partner.id, before, after }, input: normalized });
        return { transaction, site: null, partner: after };
      }),
    );
  }

  /** Allocates or reclaims; a replay of an idempotency key changes, and records, nothing. */
  private async move(acting: Acting, kind: Direction, partnerId: string, actorId: string, input: MoveInput): Promise<MoveResult> {
    const normalized = {
      siteId: valid.id(input.siteId, "siteId", { message: messages.siteNotFound }),
      credits: this.checkCredits(input.credits),
      note: input.note == null ? null : valid.text(input.note, "note", { label: "The note", max: 500, allowEmpty: true, lineBreaks: true }) || null,
      idempotencyKey: this.checkKey(input.idempotencyKey),
    };
    const { siteId, credits, note, idempotencyKey: key } = normalized;
    const same = (t: CreditTransaction) => t.kind === kind && t.siteId === siteId && t.credits === credits;
    return this.idempotent(partnerId, key, same, () =>
      this.deps.transactor.run(async (manager) => {
        // The site's row first, as in every move (see the class comment); read for the audit log's "before".
        const before = await lockedRow(manager, Site, siteId);
        const moved = await this.moveBetweenPoolAndSite(manager, { kind, partnerId, actorId, siteId, credits, note, idempotencyKey: key });
        const action = kind === CreditTransactionKind.ALLOCATION ? "allocateCredits" : "reclaimCredits";
        await this.deps.audit.record(manager, acting, { action, object: { type: "Site", id: siteId, before, after: moved.site }, input: normalized });
        return moved;
      }),
    );
  }

  /**
   * Moves credits between the pool and a site inside the caller's transaction (also used
   * by createSite and deleteSite). Throws a UserFacingError, rolling everything back, when
   * a balance would go negative or the site is not the partner's.
   */
  async moveBetweenPoolAndSite(
    manager: EntityManager,
    args: { kind: Direction; partnerId: string; actorId: string | null; siteId: string; credits: number; note?: string | null; idempotencyKey?: string | null },
  ): Promise<MoveResult> {
    const { kind, partnerId, siteId, credits } = args;
    const toSite = kind === CreditTransactionKind.ALLOCATION;
    const dialect = this.deps.transactor.dialect;
    const delta = toSite ? credits : -credits;
    // The site's row first, the partner's pool last (see the class comment). The UPDATE only
    // matches a live site of this partner; why it matched nothing is looked up afterwards.
    const updated = await manager
      .createQueryBuilder()
      .update(Site)
      .set({
        // runway_months first: MySQL evaluates SET assignments left to right.
        runwayMonths: () => runwaySql(dialect, `credits + (${delta})`),
        credits: () => `credits + (${delta})`,
        updatedAt: this.deps.clock.now(),
      })
      .where("id = :siteId AND partner_id = :partnerId AND deleted_at IS NULL", { siteId, partnerId })
      .andWhere(toSite ? `credits <= :limit` : "credits >= :credits", { credits, limit: maxBalance - credits })
      .execute();
    if (affectedRows(updated) !== 1) {
      const current = await manager.findOneBy(Site, { id: siteId, partnerId });
      if (!current || current.deletedAt) throw new UserFacingError("NOT_FOUND", messages.siteNotFound, "siteId");
      throw toSite
        ? new UserFacingError("BALANCE_LIMIT", messages.balanceLimit, "credits", { max: maxBalance })
        : new UserFacingError("INSUFFICIENT_CREDITS", messages.siteTooLow(current.credits), "credits", { available: current.credits, of: "site" });
    }
    const moved = await manager.findOneByOrFail(Site, { id: siteId });
    const partner = await this.changePool(manager, partnerId, toSite ? -credits : credits);
    const transaction = await this.record(manager, {
      partnerId,
      kind,
      credits,
      site: moved,
      unallocatedCreditsAfter: partner.unallocatedCredits,
      actorId: args.actorId,
      note: args.note ?? null,
      idempotencyKey: args.idempotencyKey ?? null,
    });
    const after = toSite && moved.status === SiteStatus.SUSPENDED ? await this.resumeIfPaid(manager, moved, partner.unallocatedCredits) : moved;
    await this.deps.warnings.mailDueAndClear(manager, [after]);
    return { transaction, site: after, partner };
  }

  /**
   * A suspended site resumes once its credits cover its monthly cost, and the month's unpaid
   * charge is taken at that moment, in the transaction of the allocation that made it possible.
   * The site's row is already locked by that allocation.
   */
  private async resumeIfPaid(manager: EntityManager, site: Site, poolAfter: number): Promise<Site> {
    if (site.credits < site.monthlyCost) return site;
    const now = this.deps.clock.now();
    const month = billingMonthOf(now);
    const unpaid = site.monthlyCost > 0 && !(site.billedThrough !== null && site.billedThrough >= month) ? site.monthlyCost : 0;
    const credits = site.credits - unpaid;
    await manager.update(
      Site,
      { id: site.id },
      { status: SiteStatus.ACTIVE, credits, runwayMonths: runwayMonths(credits, site.monthlyCost), billedThrough: unpaid ? month : site.billedThrough, updatedAt: now },
    );
    const resumed = await manager.findOneByOrFail(Site, { id: site.id });
    if (unpaid) {
      await this.record(manager, {
        partnerId: site.partnerId,
        kind: CreditTransactionKind.MONTHLY_CHARGE,
        credits: unpaid,
        site: resumed,
        unallocatedCreditsAfter: poolAfter,
        actorId: null,
        note: messages.monthlyCharge(month),
        billingMonth: month,
      });
    }
    return resumed;
  }

  /** Adds delta to the partner's pool with one conditional UPDATE; returns the partner after. */
  private async changePool(manager: EntityManager, partnerId: string, delta: number): Promise<Partner> {
    const updated = await manager
      .createQueryBuilder()
      .update(Partner)
      .set({ unallocatedCredits: () => `unallocated_credits + (${delta})` })
      .where("id = :partnerId", { partnerId })
      .andWhere(delta < 0 ? "unallocated_credits >= :need" : "unallocated_credits <= :limit", { need: -delta, limit: maxBalance - delta })
      .execute();
    const partner = await manager.findOneByOrFail(Partner, { id: partnerId });
    if (affectedRows(updated) !== 1)
      throw delta < 0
        ? new UserFacingError("INSUFFICIENT_CREDITS", messages.poolTooLow(partner.unallocatedCredits), "credits", { available: partner.unallocatedCredits, of: "pool" })
        : new UserFacingError("BALANCE_LIMIT", messages.balanceLimit, "credits", { max: maxBalance });
    return partner;
  }

  /** Appends one ledger row. Ledger rows are never updated or deleted. */
  async record(manager: EntityManager, row: LedgerEntry): Promise<CreditTransaction> {
    const [transaction] = await this.recordMany(manager, [row]);
    return transaction;
  }

  /**
   * Appends ledger rows: the one place they are written (moves, grants, billing). With
   * skipExisting, a row that a unique key refuses (a month another billing run charged
   * first) is left out instead of failing; the rows written are returned.
   */
  async recordMany(manager: EntityManager, entries: LedgerEntry[], options: { skipExisting?: boolean } = {}): Promise<CreditTransaction[]> {
    if (!entries.length) return [];
    const now = this.deps.clock.now();
    const rows = entries.map((row) =>
      manager.create(CreditTransaction, {
        id: randomUUID(),
        partnerId: row.partnerId,
        kind: row.kind,
        credits: row.credits,
        siteId: row.site?.id ?? null,
        siteName: row.site?.name ?? null,
        unallocatedCreditsAfter: row.unallocatedCreditsAfter,
        siteCreditsAfter: row.site?.credits ?? null,
        actorId: row.actorId,
        note: row.note ?? null,
        reference: row.reference ?? null,
        idempotencyKey: row.idempotencyKey ?? null,
        billingMonth: row.billingMonth ?? null,
        createdAt: now,
      }),
    );
    if (!options.skipExisting) {
      await manager.insert(CreditTransaction, rows);
      return rows;
    }
    await manager.createQueryBuilder().insert().into(CreditTransaction).values(rows).orIgnore().execute();
    const written = new Set((await manager.find(CreditTransaction, { select: { id: true }, where: { id: In(rows.map((r) => r.id)) } })).map((t) => t.id));
    return rows.filter((r) => written.has(r.id));
  }

  /**
   * Runs a move once per idempotency key: a retry, even a simultaneous one, gets the first
   * result back. The unique key (partner, idempotency key) decides which of two racing
   * requests wins; the loser's transaction rolls back and it answers with the winner's row.
   */
  private async idempotent(
    partnerId: string,
    key: string | null,
    sameRequest: (earlier: CreditTransaction) => boolean,
    run: () => Promise<MoveResult>,
  ): Promise<MoveResult> {
    if (!key) return run();
    const replay = async (): Promise<MoveResult | null> => {
      const earlier = await this.deps.dataSource.getRepository(CreditTransaction).findOneBy({ partnerId, idempotencyKey: key });
      if (!earlier) return null;
      if (!sameRequest(earlier)) throw new UserFacingError("IDEMPOTENCY_KEY_REUSED", messages.keyReused, "idempotencyKey");
      const site = earlier.siteId ? await this.deps.dataSource.getRepository(Site).findOneBy({ id: earlier.siteId }) : null;
      const partner = await this.deps.dataSource.getRepository(Partner).findOneByOrFail({ id: partnerId });
      return { transaction: earlier, site: site?.deletedAt ? null : site, partner };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    try {
      return await run();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await replay();
      if (!winner) throw error;
      return winner;
    }
  }

  /** A credit amount of one move: a whole number from 1 to maxCreditsPerMove. */
  checkCredits(credits: number): number {
    if (!Number.isInteger(credits) || credits < 1 || credits > maxCreditsPerMove)
      throw new UserFacingError("INVALID_CREDITS", messages.invalidCredits, "credits", { min: 1, max: maxCreditsPerMove });
    return credits;
  }

  private checkKey(key: string | null | undefined): string | null {
    if (key == null) return null;
    if (key.length < 1 || key.length > 100) throw new UserFacingError("INVALID_IDEMPOTENCY_KEY", messages.key, "idempotencyKey");
    return key;
  }

  /** The partner's ledger rows for a filter, newest first; shared by the history query and the CSV export. */
  historyQuery(partnerId: string, filter: HistoryFilter): SelectQueryBuilder<CreditTransaction> {
    checkRange(filter);
    const query = this.deps.dataSource.getRepository(CreditTransaction).createQueryBuilder("t").where("t.partner_id = :partnerId", { partnerId });
    if (filter.from) query.andWhere("t.created_at >= :from", { from: filter.from });
    if (filter.to) query.andWhere("t.created_at < :to", { to: filter.to });
    // A padded or re-cased id names no site (MySQL would compare it equal to the real one).
    if (filter.siteId) query.andWhere(valid.isId(filter.siteId) ? "t.site_id = :siteId" : "1 = 0", { siteId: filter.siteId });
    if (filter.kinds?.length) query.andWhere("t.kind IN (:...kinds)", { kinds: filter.kinds });
    return query;
  }

  history(partnerId: string, filter: HistoryFilter, first?: number | null, after?: string | null) {
    return keysetPage(() => this.historyQuery(partnerId, filter), historyOrder, first, after);
  }
}
