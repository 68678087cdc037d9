import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { Portal } from "../../support/harness";

/** Debian's Chromium (apt-get install -y chromium); `npx playwright install` cannot run here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(chromiumPath);

/**
 * The web client build that `npm test` makes before jest runs (npm run build:client);
 * PORTAL_CLIENT_DIR points at another build (e.g. `vite build --outDir …`).
 */
export const clientDir = process.env.PORTAL_CLIENT_DIR ?? join(__dirname, "..", "..", "..", "client", "dist");

/** Where the tests save a screenshot of each screen; the README shows the main ones. */
export const screenshotDir = join(__dirname, "..", "..", "..", "docs", "screenshots");

/**
 * `describe` for browser journeys. Outside CI, where Chromium may be missing, the journeys
 * are skipped with a notice; in CI (CI=true) a missing Chromium fails the run.
 */
export const describeInBrowser: jest.Describe = (() => {
  if (available) return describe;
  if (process.env.CI) throw new Error(`Chromium is required in CI but ${chromiumPath} is missing (apt-get install -y chromium).`);
  console.warn(`Skipping the browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  return describe.skip;
})();

export const desktopViewport = { width: 1280, height: 800 };
export const phoneViewport = { width: 390, height: 844 };

/** The two screens every journey of issue 11 is checked on. */
export const devices = [
  ["desktop", { phone: false }],
  ["phone", { phone: true }],
] as const;

/** A real portal serving the built client, and a Chromium to drive it. */
export class BrowserPortal {
  private contexts: BrowserContext[] = [];

  private constructor(
    readonly portal: Portal,
    private readonly browser: Browser,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<BrowserPortal> {
    if (!existsSync(join(clientDir, "index.html"))) throw new Error(`No client build in ${clientDir}: run npm run build:client first.`);
    const portal = await Portal.start(env, { clientDir });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    return new BrowserPortal(portal, browser);
  }

  /** A fresh browser profile (own cookies) on the portal, in the given language, on a desktop (1280 px wide) or a phone (390 px). */
  async page(options: { locale?: string; phone?: boolean } = {}): Promise<Page> {
    const viewport = options.phone ? phoneViewport : desktopViewport;
    const context = await this.browser.newContext({ baseURL: this.portal.url, locale: options.locale ?? "en-GB", viewport, hasTouch: options.phone });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  /** Saves docs/screenshots/<name>.png. */
  async screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  async stop(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.browser.close();
    await this.portal.stop();
  }
}

/**
 * Collects everything the page reports as an error: console errors (CSP violations are
 * reported there too) and uncaught exceptions. The one console error excused is Chromium's
 * note that /graphql answered 401, which the server does for `me` while nobody is signed in;
 * a 401 to any other operation is collected as a problem.
 */
export function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/status of 401/.test(message.text()) && message.location().url.endsWith("/graphql")) return;
    problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() !== 401 || !response.url().endsWith("/graphql")) return;
    const operation = (response.request().postDataJSON() as { operationName?: string } | null)?.operationName;
    if (operation !== "Me") problems.push(`401 from /graphql to ${operation ?? "an unnamed operation"}`);
  });
  return problems;
}

/** Fills the Log in form on the page as it stands and presses Log in. */
export async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Opens a path of the portal signed out, logs in as a person would, and waits for the main navigation. */
export async function signIn(page: Page, who: { email: string; password: string }, path = "/"): Promise<void> {
  await page.goto(path);
  await logIn(page, who);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** The path and query of an emailed link, to open on the test portal whatever PUBLIC_URL says. */
export function linkPath(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it stands (a screen, or a dialog open over it) and answers its
 * serious and critical violations, each as "rule: target", for `expect(...).toEqual([])`.
 * axe is evaluated through the DevTools protocol, so the portal's CSP stays as it is.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.evaluate(`${axeSource}\n;0`);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) })))`)) as { id: string; impact: string; targets: string[] }[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.targets.join(", ")}`);
}

/**
 * Whether the page scrolls sideways (what would make a phone's reader pan to read): false, or
 * the elements that stick out on the right, to say what to fix.
 */
export async function scrollsSideways(page: Page): Promise<false | string[]> {
  return (await page.evaluate(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return false;
    return [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.parentElement?.closest("[role=region]"))
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "") + " " + (e.textContent || "").trim().slice(0, 40));
  })()`)) as false | string[];
}
