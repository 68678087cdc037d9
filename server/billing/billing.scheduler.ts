import type { Clock } from "../clock";
import { billingMonthOf } from "../sites/site-cost";
import { AuditActorKind } from "../audit/audit-entry.entity";
import { actingAsSystem, type AuditService } from "../audit/audit.service";
import type { BillingService } from "./billing.service";

const dayMs = 24 * 3600 * 1000;

/**
 * Runs the current month's billing shortly after start-up and then once a day. Safe on
 * several servers at once: the billing run charges each site once per month whatever runs it.
 */
export class BillingScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly billing: BillingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly log: Pick<Console, "info" | "error"> = console,
    private readonly firstRunDelayMs = 60_000,
  ) {}

  start(): void {
    this.schedule(this.firstRunDelayMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = null;
        if (this.timer) this.schedule(dayMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  async runOnce(): Promise<void> {
    const month = billingMonthOf(this.clock.now());
    try {
      const result = await this.billing.run(month);
      await this.audit.recordRun(actingAsSystem(AuditActorKind.BILLING, "billing scheduler"), { action: "runMonthlyBilling", result });
      this.log.info(`[billing] ${month}: ${result.sitesCharged} sites charged ${result.creditsCharged} credits, ${result.sitesSuspended} suspended`);
    } catch (error) {
      this.log.error(`[billing] ${month} failed:`, (error as Error).message);
    }
  }
}
