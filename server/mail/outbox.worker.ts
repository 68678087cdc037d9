import { IsNull, LessThanOrEqual, type DataSource } from "typeorm";
import type { Clock } from "../clock";
import { OutboxMessage } from "./outbox.entity";
import { isRequest, type Outbox } from "./outbox";
import type { MailTransport } from "./transport";

const batchSize = 20;
/** How long a claimed message is held by one worker before another may try it. */
const claimMs = 60_000;
/** Retry after 5 s, 10 s, 20 s … at most one hour: an SMTP outage delays mail but loses none. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * A delivered email's link tokens (sign-up, reset, site invitation) are blanked in the
 * outbox row: the portal keeps only their hashes, so a copy of the database cannot be
 * used to take over an invitation or an account.
 */
export function withoutLinkTokens(body: string): string {
  return body.replace(/((?:[?&]|&amp;)token=)[A-Za-z0-9_-]+/g, "$1(sent)");
}

export interface OutboxWorkerDeps {
  dataSource: DataSource;
  transport: MailTransport;
  clock: Clock;
  /** How often it looks for due mail when nothing wakes it. */
  pollMs: number;
  log?: Pick<Console, "warn" | "error">;
  /** The outbox whose writes wake the worker and that composes request rows (e.g. password resets); without it, request rows are left alone. */
  outbox?: Outbox;
}

/** Delivers the outbox: polls for due messages, and runs at once when woken after a commit. */
export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  private readonly log: Pick<Console, "warn" | "error">;

  constructor(private readonly deps: OutboxWorkerDeps) {
    this.log = deps.log ?? console;
    deps.outbox?.onWake(() => this.kick());
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.deps.transport.close();
  }

  /** Runs a delivery pass now (or right after the current one). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.deliverDue()
      .then(() => undefined)
      .catch((error) => this.log.error("[mail] delivery pass failed:", (error as Error).message))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.deps.pollMs);
      });
  }

  /** Sends every message that is due; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const due = await this.deps.dataSource.getRepository(OutboxMessage).find({
        where: { deliveredAt: IsNull(), nextAttemptAt: LessThanOrEqual(now) },
        order: { nextAttemptAt: "ASC" },
        take: batchSize,
      });
      let claimedAny = false;
      for (const message of due) {
        // A request row waits for a worker that knows how to compose it.
        if (isRequest(message.kind) && !this.deps.outbox?.composerFor(message.kind)) continue;
        if (!(await this.claim(message, now))) continue;
        claimedAny = true;
        if (await this.deliver(message)) delivered++;
      }
      if (due.length < batchSize || !claimedAny) return delivered;
    }
  }

  /** Takes the message for this worker unless another worker holds it. */
  private async claim(message: OutboxMessage, now: Date): Promise<boolean> {
    const result = await this.deps.dataSource
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ lockedUntil: new Date(now.getTime() + claimMs) })
      .where("id = :id AND delivered_at IS NULL", { id: message.id })
      .andWhere("(locked_until IS NULL OR locked_until <= :now)", { now })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  private async deliver(message: OutboxMessage): Promise<boolean> {
    const repository = this.deps.dataSource.getRepository(OutboxMessage);
    try {
      if (isRequest(message.kind) && !(await this.deps.outbox!.composerFor(message.kind)!(message))) return false;
      await this.deps.transport.send(message);
      await repository.update(
        { id: message.id },
        {
          deliveredAt: this.deps.clock.now(),
          lockedUntil: null,
          lastError: null,
          attempts: message.attempts + 1,
          text: withoutLinkTokens(message.text),
          html: withoutLinkTokens(message.html),
        },
      );
      return true;
    } catch (error) {
      const attempts = message.attempts + 1;
      const reason = String((error as Error).message ?? error).slice(0, 500);
      this.log.warn(`[mail] "${message.subject}" to ${message.toAddress} failed (attempt ${attempts}): ${reason}`);
      await repository.update(
        { id: message.id },
        { attempts, lastError: reason, lockedUntil: null, nextAttemptAt: new Date(this.deps.clock.now().getTime() + retryDelayMs(attempts)) },
      );
      return false;
    }
  }
}
