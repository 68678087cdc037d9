import { In, IsNull, type EntityManager } from "typeorm";
import { AdminStatus, PartnerAdmin } from "../admins/admin.entity";
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Email, Outbox } from "../mail/outbox";
import { lowCreditWarning } from "../mail/templates";
import { AdminRole } from "../roles";
import { creditsRunOutOn } from "./site-cost";
import { Site } from "./site.entity";

/** Days before a site's credits run out at which its partner is warned, once each. */
export const warningThresholds = [30, 3] as const;
const dayMs = 24 * 3600 * 1000;

/**
 * Low-credit warnings: when a site's credits will run out within 30 days, and again within
 * 3 days, the partner's Operators and above get one email per threshold and site. The
 * threshold mailed is kept on the site, so a check that runs daily does not mail again;
 * it is cleared once credits are added and the site is out of reach of the thresholds.
 */
export class LowCreditWarnings {
  constructor(private readonly deps: { clock: Clock; outbox: Outbox; config: Pick<Config, "publicUrl"> }) {}

  /** The tightest threshold the site is within now, or null. */
  due(site: Site, now: Date): number | null {
    if (site.deletedAt) return null;
    const runsOut = creditsRunOutOn(site, now);
    if (!runsOut) return null;
    const days = (runsOut.getTime() - now.getTime()) / dayMs;
    return [...warningThresholds].reverse().find((threshold) => days <= threshold) ?? null;
  }

  /**
   * In the caller's transaction: queues the warning emails these sites are due and marks them
   * warned, and clears the mark of sites no longer within any threshold. Returns how many sites were warned.
   */
  async mailDueAndClear(manager: EntityManager, sites: Site[]): Promise<number> {
    const now = this.deps.clock.now();
    const toWarn: Array<{ site: Site; threshold: number }> = [];
    const toClear: string[] = [];
    for (const site of sites) {
      const threshold = this.due(site, now);
      if (threshold !== null && (site.warnedWithinDays === null || threshold < site.warnedWithinDays)) toWarn.push({ site, threshold });
      else if (threshold === null && site.warnedWithinDays !== null) toClear.push(site.id);
    }
    if (toClear.length) await manager.update(Site, { id: In(toClear) }, { warnedWithinDays: null });
    if (!toWarn.length) return 0;

    const recipients = await manager.find(PartnerAdmin, {
      where: {
        partnerId: In([...new Set(toWarn.map((w) => w.site.partnerId))]),
        status: AdminStatus.ACTIVE,
        removedAt: IsNull(),
        role: In([AdminRole.OPERATOR, AdminRole.ADMINISTRATOR, AdminRole.MASTER]),
      },
    });
    const emails: Email[] = [];
    const byThreshold = new Map<number, string[]>();
    for (const { site, threshold } of toWarn) {
      for (const admin of recipients.filter((a) => a.partnerId === site.partnerId)) {
        emails.push(
          lowCreditWarning({
            to: admin.email,
            partnerId: site.partnerId,
            siteName: site.name,
            credits: site.credits,
            monthlyCost: site.monthlyCost,
            withinDays: threshold,
            runsOutOn: creditsRunOutOn(site, now)!,
            siteUrl: `${this.deps.config.publicUrl}/sites/${site.id}`,
            language: admin.preferredLanguage,
          }),
        );
      }
      byThreshold.set(threshold, [...(byThreshold.get(threshold) ?? []), site.id]);
      site.warnedWithinDays = threshold;
    }
    await this.deps.outbox.enqueueMany(manager, emails);
    for (const [threshold, ids] of byThreshold) await manager.update(Site, { id: In(ids) }, { warnedWithinDays: threshold });
    return toWarn.length;
  }
}
