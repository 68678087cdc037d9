import type { Locator, Page } from "playwright-core";
import type { Session } from "../../support/given";

/**
 * What the sites and credit history journeys share: signing in through the Log in form,
 * failing on any console error or CSP violation, and waiting for what a person would see.
 */

/** Collects the page's console errors and uncaught exceptions (a CSP violation is a console error). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** Opens the portal and logs in with the admin's email and password, as a person would. */
export async function signIn(page: Page, admin: Pick<Session, "email" | "password">): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/**
 * The one console error a signed-out visit makes by design: the client asks `me` first and the
 * server answers 401 until someone logs in. Removes it from the errors seen so far.
 */
export function forgiveSignedOutCheck(errors: string[]): void {
  const expected = "console: Failed to load resource: the server responded with a status of 401 (Unauthorized)";
  const index = errors.indexOf(expected);
  if (index >= 0) errors.splice(index, 1);
}

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
