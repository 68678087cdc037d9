import type { Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import { parseCsv } from "../support/csv";
import type { GivenPartner, GivenSite } from "../support/given";
import type { Portal } from "../support/harness";
import { BrowserPortal, describeInBrowser, signIn, watchErrors } from "./support/browser";
import { eventually, midNextMonth, rowTexts } from "./support/sites-journeys";

const day = 24 * 3600 * 1000;

/**
 * The Credit History screen in Chromium against the real server: presets and dates, the site
 * and kind filters, paging, and the CSV download of the same filter.
 */
describeInBrowser("Credit History screen", () => {
  let bp: BrowserPortal;
  let p: Portal;
  let partner: GivenPartner;
  let echo: GivenSite;
  let foxtrot: GivenSite;
  let page: Page;
  let errors: string[];
  const now = midNextMonth();

  /** A calendar day as a date input holds it, in this machine's time zone (the browser's too). */
  const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

  async function move(kind: "allocateCredits" | "reclaimCredits", site: GivenSite, credits: number, note?: string) {
    const input = kind === "allocateCredits" ? "AllocateCreditsInput" : "ReclaimCreditsInput";
    const response = await p.gql(`mutation($input: ${input}!) { ${kind}(input: $input) { userErrors { code } } }`, { input: { siteId: site.id, credits, note } }, { token: partner.master.token });
    expect(response.data?.[kind].userErrors).toEqual([]);
    p.clock.advance(60_000);
  }

  const table = () => page.getByRole("table", { name: "Credit transactions, newest first" });
  /** Each row as "Kind · site · credits". */
  const rows = async () => {
    const all = await table().locator("tbody tr").all();
    return Promise.all(all.map(async (row) => (await rowTexts(row)).slice(1, 4).join(" · ").replace(/ (pool|site|bought|used) [^·]*·/, " ·")));
  };
  const preset = (name: string) => page.getByRole("button", { name, exact: true }).click();

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
    // Sixty days ago: a purchase, two sites, and thirty small allocations (for paging).
    p.clock.moveTo(new Date(now.getTime() - 60 * day));
    partner = await p.given.partner({ name: "Acme Security" });
    await p.given.credits(partner, 1000, "PO-1000");
    echo = await p.given.site(partner, { name: "Echo Lab", credits: 100 });
    foxtrot = await p.given.site(partner, { name: "Foxtrot Yard" });
    for (let i = 0; i < 30; i++) await move("allocateCredits", foxtrot, 1);
    // Twenty days ago (last month), ten days ago (this month), and now.
    p.clock.moveTo(new Date(now.getTime() - 20 * day));
    await p.given.logIn(partner.master);
    await move("reclaimCredits", echo, 20, "Moved to Foxtrot");
    await move("allocateCredits", foxtrot, 20);
    p.clock.moveTo(new Date(now.getTime() - 10 * day));
    await p.given.logIn(partner.master);
    await move("allocateCredits", foxtrot, 3);
    p.clock.moveTo(now);
    await p.given.logIn(partner.master);
    await move("allocateCredits", echo, 7, "Top-up");
  });

  afterAll(async () => {
    await bp?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  describe("as an Observer", () => {
    beforeAll(async () => {
      page = await bp.page();
      errors = watchErrors(page);
      await page.clock.setFixedTime(now);
      await signIn(page, await p.given.admin(partner, AdminRole.OBSERVER));
      await page.getByRole("link", { name: "Credit History" }).click();
      await page.getByRole("heading", { name: "Credit History", level: 2 }).waitFor();
    });

    it("shows every transaction newest first, a page at a time", async () => {
      await page.getByText("37 transactions").waitFor();
      expect(await table().locator("tbody tr").count()).toBe(25);
      const first = await rowTexts(table().locator("tbody tr").first());
      expect(first[0]).toContain(new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(now));
      expect(first.slice(1)).toEqual(["Allocation pool → site", "Echo Lab", "7", "960", "87", "First Master", "Top-up"]);
      const pages = page.getByRole("navigation", { name: "Pages of transactions" });
      await pages.getByRole("button", { name: "Next page" }).click();
      await eventually(() => table().locator("tbody tr").count(), 12);
      const last = await rowTexts(table().locator("tbody tr").last());
      expect(last.slice(1)).toEqual(["Purchase bought into the pool", "—", "1,000", "1,000", "—", "Platform", "PO-1000"]);
      expect(await pages.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    });

    it("narrows the period with the presets, which fill in the from and to days", async () => {
      await preset("Last 7 days");
      await eventually(rows, ["Allocation · Echo Lab · 7"]);
      expect(await page.getByLabel("From").inputValue()).toBe(dayOf(new Date(now.getTime() - 6 * day)));
      expect(await page.getByLabel("To (inclusive)").inputValue()).toBe(dayOf(now));
      expect(await page.getByRole("button", { name: "Last 7 days" }).getAttribute("aria-pressed")).toBe("true");

      await preset("This month");
      await eventually(rows, ["Allocation · Echo Lab · 7", "Allocation · Foxtrot Yard · 3"]);
      expect(await page.getByLabel("From").inputValue()).toBe(dayOf(new Date(now.getFullYear(), now.getMonth(), 1)));

      await preset("Last 30 days");
      await eventually(rows, ["Allocation · Echo Lab · 7", "Allocation · Foxtrot Yard · 3", "Allocation · Foxtrot Yard · 20", "Reclaim · Echo Lab · 20"]);
      await bp.screenshot(page, "credit-history");
    });

    it("filters by site and kind, and the CSV link downloads exactly those transactions", async () => {
      await page.getByLabel("Site").selectOption({ label: "Echo Lab" });
      await eventually(rows, ["Allocation · Echo Lab · 7", "Reclaim · Echo Lab · 20"]);

      const link = page.getByRole("link", { name: "Download CSV" });
      const href = (await link.getAttribute("href"))!;
      expect(await link.getAttribute("download")).not.toBeNull();
      const url = new URL(href, p.url);
      expect(url.pathname).toBe("/exports/credit-history.csv");
      expect(Object.fromEntries(url.searchParams)).toEqual({
        from: startOfDay(new Date(now.getTime() - 29 * day)).toISOString(),
        to: new Date(startOfDay(now).getTime() + day).toISOString(),
        siteId: echo.id,
      });
      const csv = await page.request.get(href);
      expect(csv.status()).toBe(200);
      const [header, ...data] = parseCsv(await csv.text());
      const column = (name: string) => header.indexOf(name);
      expect(data.map((row) => [row[column("kind")], row[column("credits")], row[column("siteName")], row[column("note")]])).toEqual([
        ["ALLOCATION", "7", "Echo Lab", "Top-up"],
        ["RECLAIM", "20", "Echo Lab", "Moved to Foxtrot"],
      ]);

      await page.getByRole("checkbox", { name: "Reclaim" }).check();
      await eventually(rows, ["Reclaim · Echo Lab · 20"]);
      expect(new URL((await link.getAttribute("href"))!, p.url).searchParams.get("kinds")).toBe("RECLAIM");
      await page.getByRole("checkbox", { name: "Monthly charge" }).check();
      await page.getByRole("checkbox", { name: "Reclaim" }).uncheck();
      await page.getByText("No credit transactions match these filters.").waitFor();
      const empty = parseCsv(await (await page.request.get((await link.getAttribute("href"))!)).text());
      expect(empty).toHaveLength(1); // the header only
    });

    it("takes any two days typed in, both included, and refuses a backwards range", async () => {
      await page.getByRole("checkbox", { name: "Monthly charge" }).uncheck();
      await page.getByLabel("Site").selectOption({ label: "All sites" });
      await page.getByLabel("From").fill(dayOf(new Date(now.getTime() - 20 * day)));
      await page.getByLabel("To (inclusive)").fill(dayOf(new Date(now.getTime() - 10 * day)));
      await eventually(rows, ["Allocation · Foxtrot Yard · 3", "Allocation · Foxtrot Yard · 20", "Reclaim · Echo Lab · 20"]);
      expect(await page.getByRole("button", { name: "Last 30 days" }).getAttribute("aria-pressed")).toBe("false");

      await page.getByLabel("From").fill(dayOf(now));
      await page.getByRole("alert").getByText("The start date must be on or before the end date.").waitFor();
      expect(await page.getByLabel("From").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByRole("link", { name: "Download CSV" }).count()).toBe(0);
    });
  });
});
