import type { Locator, Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import { BrowserPortal, describeInBrowser, signIn, watchErrors } from "./support/browser";

/** The controls of changes the server refuses an Observer (see the spec's role table). */
const refusedControls = /^(create site|create api token|edit|delete|add credits|take .*back|allocate|reclaim|save|send invitation|resend|invite|change level|remove|revoke)\b/i;

/** The accessible names of the buttons in a part of the page. */
async function buttonNames(scope: Locator): Promise<string[]> {
  const buttons = await scope.getByRole("button").all();
  return Promise.all(buttons.map(async (button) => ((await button.getAttribute("aria-label")) ?? (await button.innerText())).trim()));
}

describeInBrowser("the read-only view", () => {
  let bp: BrowserPortal;
  let partner: GivenPartner;
  let observer: Session;
  let site: GivenSite;

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    const p = bp.portal;
    partner = await p.given.partner();
    site = await p.given.site(partner, { name: "Warehouse North", credits: 5, notes: "Back door reader" });
    await p.given.site(partner, { name: "Shop South", credits: 7 });
    observer = await p.given.admin(partner, AdminRole.OBSERVER, { name: "Olivia Observer" });
    await p.given.invitation(partner, AdminRole.OPERATOR);
  });
  afterAll(() => bp?.stop());

  describe("as an Observer", () => {
    let page: Page;
    let problems: string[];
    beforeAll(async () => {
      page = await bp.page();
      problems = watchErrors(page);
      await signIn(page, observer);
      await page.getByText("Signed in as Olivia Observer (Observer)").waitFor();
    });

    it("sees the partner's sites and their credits, with no Create site", async () => {
      const row = page.getByRole("row").filter({ hasText: "Warehouse North" });
      await row.waitFor();
      expect(await row.getByRole("cell", { name: "5", exact: true }).count()).toBeGreaterThan(0);
      await page.getByRole("row").filter({ hasText: "Shop South" }).waitFor();
      expect(await page.getByRole("button", { name: "Create site" }).count()).toBe(0);
      expect((await buttonNames(page.getByRole("main"))).filter((name) => refusedControls.test(name))).toEqual([]);
      await bp.screenshot(page, "observer-sites");
    });

    it("opens a site read-only: its details show, but nothing to edit, delete or move credits with", async () => {
      await page.getByRole("button", { name: site.name }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("Back door reader").waitFor();

      expect((await buttonNames(dialog)).filter((name) => refusedControls.test(name))).toEqual([]);
      expect(await dialog.getByRole("button", { name: /delete site/i }).count()).toBe(0);
      expect(await dialog.getByRole("button", { name: /add credits/i }).count()).toBe(0);
      expect(await dialog.getByRole("button", { name: /take .*back/i }).count()).toBe(0);
      expect(await dialog.getByRole("textbox").count()).toBe(0);
      expect(await dialog.getByRole("spinbutton").count()).toBe(0);
      expect(await dialog.getByRole("combobox").count()).toBe(0);

      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
    });

    it("sees the Credit History with no control that moves credits", async () => {
      await page.getByRole("link", { name: "Credit History" }).click();
      await page.getByRole("heading", { name: "Credit History" }).waitFor();
      const allocation = page.getByRole("row").filter({ hasText: "Warehouse North" }).first();
      await allocation.waitFor();
      expect(await allocation.getByRole("cell", { name: "5", exact: true }).count()).toBeGreaterThan(0);

      expect((await buttonNames(page.getByRole("main"))).filter((name) => refusedControls.test(name))).toEqual([]);
      expect(await page.getByRole("button", { name: /add credits|take .*back/i }).count()).toBe(0);
    });

    it("sees every admin on the Admin screen, with no Invite and no action on anyone", async () => {
      await page.getByRole("link", { name: "Admin" }).click();
      await page.getByRole("heading", { name: "Admin" }).waitFor();
      await page.getByRole("row").filter({ hasText: partner.master.email }).waitFor();
      expect(await page.getByRole("row").count()).toBe(4); // the header, the Master, the Observer, the invitation

      expect(await page.getByRole("button", { name: "Invite", exact: true }).count()).toBe(0);
      expect(await page.getByRole("table").getByRole("button").count()).toBe(0);
      expect(await page.getByRole("heading", { name: "API tokens" }).count()).toBe(0);
      expect((await buttonNames(page.getByRole("main"))).filter((name) => refusedControls.test(name))).toEqual([]);
    });

    it("reported no console error, page error or CSP violation", () => {
      expect(problems).toEqual([]);
    });
  });

  it("logged no unexpected server error", () => {
    expect(bp.portal.errorsLogged).toEqual([]);
  });
});
