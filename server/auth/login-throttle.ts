import type { DataSource } from "typeorm";
import type { Clock } from "../clock";
import { affectedRows } from "../database";
import { LoginThrottle } from "./login-throttle.entity";

/** How many failed log-ins within the window lock a key, and for how long. */
export const throttleRules = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
};

type Scope = keyof typeof throttleRules;
type Keys = Record<Scope, string>;

/**
 * Counts log-in attempts per account and per client address, in the database (shared by all
 * servers). An attempt is reserved before its password is checked, by one conditional UPDATE
 * per key, so a burst of simultaneous attempts gets at most `maxFailures` checks; a wrong
 * password keeps the reservation (and locks a key that reached its limit), a right one gives it back.
 */
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Reserves one attempt on every key; null when reserved, else the time the attempt may be retried (lock or window end). */
  async reserve(keys: Keys): Promise<Date | null> {
    const repository = this.dataSource.getRepository(LoginThrottle);
    const now = this.clock.now();
    const reserved: Scope[] = [];
    for (const scope of Object.keys(keys) as Scope[]) {
      const rule = throttleRules[scope];
      const key = keys[scope];
      const windowStart = new Date(now.getTime() - rule.windowMs);
      await repository.createQueryBuilder().insert().values({ key, failures: 0, windowStartedAt: now, lockedUntil: null }).orIgnore().execute();
      // One statement decides: not locked, and below the limit within the window (or the window is over and a new one starts).
      const taken = await repository
        .createQueryBuilder()
        .update()
        .set({
          failures: () => "CASE WHEN window_started_at > :windowStart THEN failures + 1 ELSE 1 END",
          windowStartedAt: () => "CASE WHEN window_started_at > :windowStart THEN window_started_at ELSE :now END",
        })
        .where("throttle_key = :key AND (locked_until IS NULL OR locked_until <= :now)", { key, now, windowStart })
        .andWhere("(failures < :max OR window_started_at <= :windowStart)", { max: rule.maxFailures })
        .execute();
      if (affectedRows(taken) === 1) {
        reserved.push(scope);
        continue;
      }
      await this.release(Object.fromEntries(reserved.map((s) => [s, keys[s]])) as Partial<Keys>);
      const row = await repository.findOneBy({ key });
      if (row?.lockedUntil && row.lockedUntil > now) return row.lockedUntil;
      return new Date(now.getTime() + rule.lockMs);
    }
    return null;
  }

  /** A wrong password: the reservation stands as a failure, and a key that reached its limit is locked. */
  async recordFailure(keys: Keys): Promise<void> {
    const now = this.clock.now();
    for (const scope of Object.keys(keys) as Scope[]) {
      const rule = throttleRules[scope];
      await this.dataSource
        .getRepository(LoginThrottle)
        .createQueryBuilder()
        .update()
        .set({ lockedUntil: new Date(now.getTime() + rule.lockMs), failures: 0, windowStartedAt: now })
        .where("throttle_key = :key AND failures >= :max", { key: keys[scope], max: rule.maxFailures })
        .execute();
    }
  }

  /** Gives back a reservation that was not a failure (a right password). */
  async release(keys: Partial<Keys>): Promise<void> {
    for (const key of Object.values(keys))
      await this.dataSource
        .getRepository(LoginThrottle)
        .createQueryBuilder()
        .update()
        .set({ failures: () => "failures - 1" })
        .where("throttle_key = :key AND failures > 0", { key })
        .execute();
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottle).delete({ key });
  }
}
