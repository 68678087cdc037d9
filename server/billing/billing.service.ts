import { In, type DataSource } from "typeorm";
import type { Clock } from "../clock";
import { CreditTransaction, CreditTransactionKind } from "../credits/credit-transaction.entity";
import { messages as creditMessages } from "../credits/credits.messages";
import type { CreditsService } from "../credits/credits.service";
import type { Transactor } from "../database";
import { UserFacingError } from "../errors";
import type { Outbox } from "../mail/outbox";
import { Partner } from "../partners/partner.entity";
import { billingMonthOf } from "../sites/site-cost";
import { runwaySql } from "../sites/site-sql";
import { Site, SiteStatus } from "../sites/site.entity";
import type { LowCreditWarnings } from "../sites/low-credit-warnings";
import { messages } from "./billing.messages";

export const billingBatchSize = 500;

export interface BillingResult {
  month: string;
  sitesCharged: number;
  creditsCharged: number;
  sitesSuspended: number;
}

/**
 * The monthly billing run: charges every active site its monthly cost once per month.
 *
 * "Once" is the database's job: a MONTHLY_CHARGE row is unique per (site, month), and a
 * site's credits are only taken for the charge rows this run managed to insert. Two runs,
 * or two servers running at the same moment, therefore charge each site once. Sites go
 * through in batches of billingBatchSize, one transaction per batch, in id order (so
 * concurrent runs lock rows in the same order).
 */
export class BillingService {
  constructor(private readonly deps: { dataSource: DataSource; transactor: Transactor; clock: Clock; outbox: Outbox; warnings: LowCreditWarnings; credits: CreditsService }) {}

  async run(month: string): Promise<BillingResult> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UserFacingError("INVALID_MONTH", messages.month, "month");
    if (month > billingMonthOf(this.deps.clock.now())) throw new UserFacingError("INVALID_MONTH", messages.future, "month");
    const total: BillingResult = { month, sitesCharged: 0, creditsCharged: 0, sitesSuspended: 0 };
    // A site owes nothing for a month that ended before it was created (e.g. when a missed month is billed late).
    const [year, monthNumber] = month.split("-").map(Number);
    const monthEnd = new Date(Date.UTC(year, monthNumber, 1));
    let after = "";
    for (;;) {
      const batch = await this.deps.transactor.run(async (manager) => {
        const query = manager
          .createQueryBuilder(Site, "s")
          .where("s.deleted_at IS NULL AND s.status = :active AND s.monthly_cost > 0 AND s.created_at < :monthEnd AND s.id > :after", { active: SiteStatus.ACTIVE, monthEnd, after })
          .orderBy("s.id", "ASC")
          .limit(billingBatchSize);
        if (this.deps.transactor.dialect === "mysql") query.setLock("pessimistic_write");
        const sites = await query.getMany();
        if (!sites.length) return null;

        const charged = new Set(
          (await manager.find(CreditTransaction, { select: { siteId: true }, where: { billingMonth: month, siteId: In(sites.map((s) => s.id)) } })).map((t) => t.siteId),
        );
        const due = sites.filter((s) => !charged.has(s.id));
        const canPay = due.filter((s) => s.credits >= s.monthlyCost);
        const cannotPay = due.filter((s) => s.credits < s.monthlyCost);
        const pools = new Map(
          (await manager.find(Partner, { select: { id: true, unallocatedCredits: true }, where: { id: In([...new Set(canPay.map((s) => s.partnerId))]) } })).map((p) => [
            p.id,
            p.unallocatedCredits,
          ]),
        );
        const now = this.deps.clock.now();
        // A charge that already exists (another run got there first) is skipped, not an error.
        const chargedNow = await this.deps.credits.recordMany(
          manager,
          canPay.map((site) => ({
            partnerId: site.partnerId,
            kind: CreditTransactionKind.MONTHLY_CHARGE,
            credits: site.monthlyCost,
            site: { id: site.id, name: site.name, credits: site.credits - site.monthlyCost },
            unallocatedCreditsAfter: pools.get(site.partnerId) ?? 0,
            actorId: null,
            note: creditMessages.monthlyCharge(month),
            billingMonth: month,
          })),
          { skipExisting: true },
        );
        if (chargedNow.length) {
          await manager
            .createQueryBuilder()
            .update(Site)
            .set({
              // runway_months first: MySQL evaluates SET assignments left to right.
              runwayMonths: () => runwaySql(this.deps.transactor.dialect, "credits - monthly_cost"),
              credits: () => "credits - monthly_cost",
              billedThrough: () => "CASE WHEN billed_through IS NULL OR billed_through < :month THEN :month ELSE billed_through END",
              updatedAt: now,
            })
            .where({ id: In(chargedNow.map((r) => r.siteId!)) })
            .setParameter("month", month)
            .execute();
        }
        if (cannotPay.length) await manager.update(Site, { id: In(cannotPay.map((s) => s.id)) }, { status: SiteStatus.SUSPENDED, updatedAt: now });

        // Warn about the sites that are now close to running out.
        const reloaded = await manager.findBy(Site, { id: In(sites.map((s) => s.id)) });
        await this.deps.warnings.mailDueAndClear(manager, reloaded);
        return {
          last: sites[sites.length - 1].id,
          sitesCharged: chargedNow.length,
          creditsCharged: chargedNow.reduce((sum, r) => sum + r.credits, 0),
          sitesSuspended: cannotPay.length,
        };
      });
      if (!batch) break;
      after = batch.last;
      total.sitesCharged += batch.sitesCharged;
      total.creditsCharged += batch.creditsCharged;
      total.sitesSuspended += batch.sitesSuspended;
      this.deps.outbox.wake();
    }
    return total;
  }
}
