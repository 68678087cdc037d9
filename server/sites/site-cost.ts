import type { Config } from "../config";
import { SiteStatus, type Site } from "./site.entity";

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

/** What a site's run-out date depends on. */
export type RunOutState = Pick<Site, "status" | "runwayMonths" | "billedThrough">;

/**
 * How many month starts from the current month's the site's credits last: the first monthly
 * billing they cannot pay is the 1st of the month this many months from now. Counted from the
 * last month billed for the site, so on the 1st, before the month is billed, that month's
 * charge is still to come. Null for a suspended site (it has run out already) and while the
 * site costs nothing.
 */
export function monthsToRunOut(site: RunOutState, now: Date): number | null {
  if (site.status !== SiteStatus.ACTIVE || site.runwayMonths === null) return null;
  const currentMonthPaid = site.billedThrough !== null && site.billedThrough >= billingMonthOf(now);
  return site.runwayMonths + (currentMonthPaid ? 1 : 0);
}

/** The first monthly billing (the 1st of a month, UTC) that the site's credits cannot pay; see monthsToRunOut. */
export function creditsRunOutOn(site: RunOutState, now: Date): Date | null {
  const months = monthsToRunOut(site, now);
  return months === null ? null : monthStartUtc(now, months);
}

/** The largest monthsToRunOut whose run-out date falls within `days` days from now (at least 0: this month's start has passed). */
export function monthsToRunOutWithinDays(days: number, now: Date): number {
  const limit = now.getTime() + days * 24 * 3600 * 1000;
  let months = 0;
  while (monthStartUtc(now, months + 1).getTime() <= limit) months++;
  return months;
}

/** The "YYYY-MM" of a date, in UTC. */
export function billingMonthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}
