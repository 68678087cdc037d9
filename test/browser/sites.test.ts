import type { Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, Session } from "../support/given";
import type { Portal } from "../support/harness";
import { BrowserPortal, describeInBrowser, signIn, watchErrors } from "./support/browser";
import { eventually, firstColumn, midNextMonth, rowTexts } from "./support/sites-journeys";

/**
 * The Sites screen in Chromium against the real server: the list with its figures and
 * warnings, sorting, search, paging, and the Create site dialog.
 */
describeInBrowser("Sites screen", () => {
  let bp: BrowserPortal;
  let p: Portal;
  let partner: GivenPartner;
  let page: Page;
  let errors: string[];
  const now = midNextMonth();
  const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

  async function openAs(admin: Session): Promise<Page> {
    const opened = await bp.page();
    errors = watchErrors(opened);
    // Mid-month on both clocks, so "runs out within 30 days" has one answer whatever today is.
    await opened.clock.setFixedTime(now);
    await signIn(opened, admin);
    await opened.getByRole("heading", { name: "Sites", level: 2 }).waitFor();
    return opened;
  }

  const sitesTable = () => page.getByRole("table", { name: "Your sites" });
  const row = (name: string) => sitesTable().getByRole("row").filter({ has: page.getByRole("button", { name, exact: true }) });
  const pool = () => page.getByText(/^(Unallocated credits in your pool|Créditos sin asignar en su reserva):/).innerText();

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
    p.clock.moveTo(now);
    partner = await p.given.partner({ name: "Acme Security" });
    await p.given.credits(partner, 500);
    // 2 devices cost 2 credits a month, and this month is not billed yet for these new sites: 10
    // credits pay it and 4 more months; 1 credit cannot pay it, so it ran out on this month's 1st.
    await p.given.site(partner, { name: "Alpha Warehouse", country: "ES", credits: 10, notes: "Night shift entrance", usage: { users: 3, devices: 2 } });
    await p.given.site(partner, { name: "Bravo Offices", country: "FR", credits: 1, usage: { users: 150, devices: 2 } });
  });

  afterAll(async () => {
    await bp?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  describe("as the partner's Master", () => {
    beforeAll(async () => {
      page = await openAs(partner.master);
    });

    it("lists each site with its country, credits, monthly cost, usage and notes, and warns in words about the one running out", async () => {
      await eventually(pool, "Unallocated credits in your pool: 500");
      await eventually(() => firstColumn(sitesTable()), ["Alpha Warehouse", "Bravo Offices"]);
      const alphaRunsOut = dateFormat.format(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 5, 1)));
      const bravoRunsOut = dateFormat.format(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
      expect(await rowTexts(row("Alpha Warehouse"))).toEqual(["Alpha Warehouse", "Spain", "10", "2/month", alphaRunsOut, "3", "2", "Night shift entrance", "Active"]);
      expect(await rowTexts(row("Bravo Offices"))).toEqual([
        "Bravo Offices",
        "France",
        "1",
        "2/month",
        `${bravoRunsOut} ⚠ Needs credits: runs out within 30 days`,
        "150",
        "2",
        "",
        "Active",
      ]);
      await bp.screenshot(page, "sites");
    });

    it("sorts by a column both ways, saying which way in aria-sort", async () => {
      const credits = sitesTable().getByRole("columnheader", { name: "Credits", exact: true });
      await credits.getByRole("button").click();
      await eventually(() => firstColumn(sitesTable()), ["Bravo Offices", "Alpha Warehouse"]);
      expect(await credits.getAttribute("aria-sort")).toBe("ascending");
      await credits.getByRole("button").click();
      await eventually(() => firstColumn(sitesTable()), ["Alpha Warehouse", "Bravo Offices"]);
      expect(await credits.getAttribute("aria-sort")).toBe("descending");
      await sitesTable().getByRole("columnheader", { name: "Country" }).getByRole("button").click();
      // By country code: ES before FR.
      await eventually(() => firstColumn(sitesTable()), ["Alpha Warehouse", "Bravo Offices"]);
      expect(await credits.getAttribute("aria-sort")).toBe("none");
    });

    it("searches by name, notes or country code, and says when nothing matches", async () => {
      const search = page.getByRole("searchbox", { name: "Search sites" });
      await search.fill("night shift");
      await eventually(() => firstColumn(sitesTable()), ["Alpha Warehouse"]);
      await search.fill("fr");
      await eventually(() => firstColumn(sitesTable()), ["Bravo Offices"]);
      await search.fill("nowhere at all");
      await page.getByText("No site matches “nowhere at all”.").waitFor();
      await search.fill("");
      await eventually(() => firstColumn(sitesTable()), ["Alpha Warehouse", "Bravo Offices"]);
    });

    it("shows a wrong time zone next to its field and creates nothing, then creates the site with credits from the pool", async () => {
      await page.getByRole("button", { name: "Create site" }).click();
      const dialog = page.getByRole("dialog", { name: "Create site" });
      await dialog.getByLabel("Site name").fill("Charlie Depot");
      expect(await dialog.getByLabel("Country").inputValue()).toBe("ES"); // the partner's country
      await dialog.getByLabel("Country").selectOption({ label: "Portugal" });
      await dialog.getByLabel("Time zone").fill("Mars/Olympus_Mons");
      await dialog.getByLabel("First administrator's email").fill("Manager@Charlie.example");
      await dialog.getByLabel("Credits to allocate now").fill("25");
      await dialog.getByLabel("Notes").fill("Loading bay");
      await dialog.getByText("Your pool has 500 unallocated credits.").waitFor();
      await dialog.getByRole("button", { name: "Create site" }).click();

      const timeZone = dialog.getByLabel("Time zone");
      await eventually(() => timeZone.getAttribute("aria-invalid"), "true");
      const describedBy = (await timeZone.getAttribute("aria-describedby"))!.split(" ");
      const message = await Promise.all(describedBy.map((id) => dialog.locator(`[id="${id}"]`).innerText()));
      expect(message).toContain("Choose a time zone by its IANA name, e.g. Europe/Madrid.");
      const none = await p.gql(`{ sites(search: "Charlie") { totalCount } }`, {}, { token: partner.master.token });
      expect(none.data.sites.totalCount).toBe(0);

      await timeZone.fill("Europe/Lisbon");
      await bp.screenshot(page, "create-site");
      await dialog.getByRole("button", { name: "Create site" }).click();
      await page.getByRole("status").getByText("Site “Charlie Depot” created; an invitation was sent to Manager@Charlie.example.").waitFor();
      expect(await dialog.isVisible()).toBe(false);
      await eventually(() => rowTexts(row("Charlie Depot")), ["Charlie Depot", "Portugal", "25", "0/month", "Not at current usage", "0", "0", "Loading bay", "Active"]);
      await eventually(pool, "Unallocated credits in your pool: 475");

      const saved = await p.gql(
        `{ partner { unallocatedCredits } sites(search: "Charlie") { nodes { name country timeZone credits notes administrators { email status } } } }`,
        {},
        { token: partner.master.token },
      );
      expect(saved.data).toEqual({
        partner: { unallocatedCredits: 475 },
        sites: {
          nodes: [
            {
              name: "Charlie Depot",
              country: "PT",
              timeZone: "Europe/Lisbon",
              credits: 25,
              notes: "Loading bay",
              administrators: [{ email: "manager@charlie.example", status: "PENDING" }],
            },
          ],
        },
      });
      const invitation = await p.mail.waitFor("manager@charlie.example");
      expect(invitation.text).toContain("Charlie Depot");
    });

    it("creates a site with the keyboard alone, the dialog closing on Escape without creating anything", async () => {
      await page.getByRole("button", { name: "Create site" }).focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Create site" });
      await dialog.waitFor();
      // The native modal dialog puts the focus inside it.
      expect(await dialog.locator(":focus").count()).toBe(1);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      expect((await page.locator(":focus").innerText()).trim()).toBe("Create site");
      const count = await p.gql(`{ sites { totalCount } }`, {}, { token: partner.master.token });
      expect(count.data.sites.totalCount).toBe(3);
    });
  });

  describe("as an Observer", () => {
    it("sees the sites and the pool but is offered no Create site", async () => {
      const observer = await p.given.admin(partner, AdminRole.OBSERVER);
      page = await openAs(observer);
      await eventually(() => firstColumn(sitesTable()), ["Alpha Warehouse", "Bravo Offices", "Charlie Depot"]);
      await eventually(pool, "Unallocated credits in your pool: 475");
      expect(await page.getByRole("button", { name: "Create site" }).count()).toBe(0);
    });

    it("reads the screen in Spanish, with names, numbers and dates in Spanish", async () => {
      await page.getByLabel("Language").selectOption({ label: "Español" });
      await page.getByRole("heading", { name: "Sitios", level: 2 }).waitFor();
      await eventually(pool, "Créditos sin asignar en su reserva: 475");
      const table = page.getByRole("table", { name: "Sus sitios" });
      const bravo = table.getByRole("row").filter({ has: page.getByRole("button", { name: "Bravo Offices" }) });
      const runsOut = new Intl.DateTimeFormat("es", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
      expect(await rowTexts(bravo)).toEqual(["Bravo Offices", "Francia", "1", "2/mes", `${runsOut} ⚠ Necesita créditos: se agotan en menos de 30 días`, "150", "2", "", "Activo"]);
      await table.getByRole("button", { name: "Bravo Offices" }).click();
      const dialog = page.getByRole("dialog", { name: "Sitio: Bravo Offices" });
      await dialog.getByText("Su nivel le permite ver este sitio, pero no modificarlo.").waitFor();
      await dialog.getByRole("button", { name: "Cerrar" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByLabel("Idioma").selectOption({ label: "English" });
    });
  });

  describe("as the Master of a partner with many sites", () => {
    it("pages through them twenty at a time, forward and back", async () => {
      const big = await p.given.partner({ name: "Big Reseller" });
      const names = Array.from({ length: 23 }, (_, i) => `Site ${String(i + 1).padStart(2, "0")}`);
      for (let i = 0; i < names.length; i += 8) await Promise.all(names.slice(i, i + 8).map((name) => p.given.site(big, { name })));
      page = await openAs(big.master);
      await page.getByText("23 sites").waitFor();
      await eventually(() => firstColumn(sitesTable()), names.slice(0, 20));
      const pages = page.getByRole("navigation", { name: "Pages of sites" });
      expect(await pages.getByRole("button", { name: "Previous page" }).isDisabled()).toBe(true);
      await pages.getByRole("button", { name: "Next page" }).click();
      await eventually(() => firstColumn(sitesTable()), names.slice(20));
      expect(await pages.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
      await pages.getByText("Page 2").waitFor();
      await pages.getByRole("button", { name: "Previous page" }).click();
      await eventually(() => firstColumn(sitesTable()), names.slice(0, 20));
    });
  });
});
