import type { DataSource } from "typeorm";
import type { Clock } from "../clock";
import { LoginThrottle } from "./login-throttle.entity";

/** How many failed log-ins within the window lock a key, and for how long. */
export const throttleRules = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
};

type Scope = keyof typeof throttleRules;

/** Counts failed log-ins per account and per client address, in the database (shared by all servers). */
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The time until which any of these keys is locked, or null. */
  async lockedUntil(keys: Record<Scope, string>): Promise<Date | null> {
    const rows = await this.dataSource.getRepository(LoginThrottle).findBy(Object.values(keys).map((key) => ({ key })));
    const now = this.clock.now();
    const locks = rows.map((r) => r.lockedUntil).filter((d): d is Date => !!d && d > now);
    return locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null;
  }

  async recordFailure(keys: Record<Scope, string>): Promise<void> {
    const repository = this.dataSource.getRepository(LoginThrottle);
    const now = this.clock.now();
    for (const scope of Object.keys(keys) as Scope[]) {
      const rule = throttleRules[scope];
      const key = keys[scope];
      const windowStart = new Date(now.getTime() - rule.windowMs);
      const counted = await repository
        .createQueryBuilder()
        .update()
        .set({ failures: () => "failures + 1" })
        .where("throttle_key = :key AND window_started_at > :windowStart", { key, windowStart })
        .execute();
      if ((counted.affected ?? 0) === 0) {
        await repository.upsert({ key, failures: 1, windowStartedAt: now, lockedUntil: null }, ["key"]);
      }
      const row = await repository.findOneBy({ key });
      if (row && row.failures >= rule.maxFailures)
        await repository.update({ key }, { lockedUntil: new Date(now.getTime() + rule.lockMs), failures: 0, windowStartedAt: now });
    }
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottle).delete({ key });
  }
}
