import type { Config } from "../config";

/** What a site costs and when its credits run out; the spec's formula, priced by configuration. */

export type Prices = Pick<Config, "priceCreditsPerDevice" | "priceCreditsPer100Users">;

/** deviceCount × price per device + ceil(userCount / 100) × price per 100 users. */
export function monthlyCost(usage: { userCount: number; deviceCount: number }, prices: Prices): number {
  return usage.deviceCount * prices.priceCreditsPerDevice + Math.ceil(usage.userCount / 100) * prices.priceCreditsPer100Users;
}

/** How many more monthly charges the credits pay; null while the site costs nothing. */
export function runwayMonths(credits: number, cost: number): number | null {
  return cost > 0 ? Math.floor(credits / cost) : null;
}

function monthStartUtc(date: Date, plusMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + plusMonths, 1));
}

/**
 * The first monthly billing (the 1st of a month, UTC) that the credits cannot pay:
 * with credits for k more charges, the start of the month k + 1 months from now.
 */
export function creditsRunOutOn(runway: number | null, now: Date): Date | null {
  return runway === null ? null : monthStartUtc(now, runway + 1);
}

/** The largest runway whose run-out date falls within `days` days from now; -1 when none does. */
export function runwayWithinDays(days: number, now: Date): number {
  const limit = now.getTime() + days * 24 * 3600 * 1000;
  let runway = -1;
  while (monthStartUtc(now, runway + 2).getTime() <= limit) runway++;
  return runway;
}

/** The "YYYY-MM" of a date, in UTC. */
export function billingMonthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}
