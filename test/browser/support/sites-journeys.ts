import type { Locator } from "playwright-core";

/** What the sites and credit history journeys share: waiting for and reading what a person would see. */

/** Polls until fn's value equals expected (compared as JSON); throws with the last value seen otherwise. */
export async function eventually<T>(fn: () => Promise<T>, expected: T, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await fn();
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
    } catch {
      // the element may be re-rendering; try again
    }
    if (Date.now() > deadline) throw new Error(`Expected ${JSON.stringify(expected)} but saw ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The visible text of each cell of a table row (its header cell included), whitespace collapsed. */
export async function rowTexts(row: Locator): Promise<string[]> {
  const cells = await row.locator("th, td").allInnerTexts();
  return cells.map((text) => text.replace(/\s+/g, " ").trim());
}

/** The names in the first column of the table's body rows, top to bottom. */
export async function firstColumn(table: Locator): Promise<string[]> {
  const names = await table.locator("tbody tr > th").allInnerTexts();
  return names.map((text) => text.replace(/\s+/g, " ").trim());
}

/** The 15th of next month at noon UTC: always ahead of the real clock (session cookies stay valid) and mid-month. */
export function midNextMonth(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15, 12));
}
