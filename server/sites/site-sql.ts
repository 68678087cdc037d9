/** SQL expressions over the site table that differ between the two dialects. */

/**
 * runway_months for a credits expression: floor(credits / monthly_cost), NULL while the
 * site costs nothing. MySQL's `/` is decimal division, so it needs DIV; SQLite's `/` on
 * integers is already whole-number division.
 */
export function runwaySql(dialect: "mysql" | "sqlite", credits: string, cost = "monthly_cost"): string {
  const divide = dialect === "mysql" ? "DIV" : "/";
  return `CASE WHEN ${cost} > 0 THEN (${credits}) ${divide} ${cost} ELSE NULL END`;
}

/**
 * monthsToRunOut (site-cost.ts) as SQL over the site table aliased `s`, for the month "YYYY-MM"
 * it is now: NULL for a suspended site or one that costs nothing.
 */
export function monthsToRunOutSql(month: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`Not a billing month: ${month}`);
  return `CASE WHEN s.status = 'ACTIVE' AND s.runway_months IS NOT NULL THEN s.runway_months + CASE WHEN s.billed_through >= '${month}' THEN 1 ELSE 0 END END`;
}
