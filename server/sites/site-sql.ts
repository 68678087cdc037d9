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
