import { existsSync, mkdirSync } from "node:fs";
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

  /** A fresh browser profile (own cookies) on the portal, in the given language. */
  async page(options: { locale?: string } = {}): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.portal.url, locale: options.locale ?? "en-GB", viewport: { width: 1280, height: 800 } });
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

/** The path and query of an emailed link, to open on the test portal whatever PUBLIC_URL says. */
export function linkPath(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}
