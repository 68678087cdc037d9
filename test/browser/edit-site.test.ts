import type { Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import type { Portal } from "../support/harness";
import { BrowserPortal, describeInBrowser, signIn, watchErrors } from "./support/browser";
import { eventually, firstColumn, rowTexts } from "./support/sites-journeys";

/**
 * The Edit site dialog in Chromium against the real server: details, credits both ways,
 * site administrators and deletion, and what each level of admin is offered.
 */
describeInBrowser("Edit site dialog", () => {
  let bp: BrowserPortal;
  let p: Portal;
  let partner: GivenPartner;
  let site: GivenSite;
  let page: Page;
  let errors: string[];

  async function openAs(admin: Session): Promise<Page> {
    const opened = await bp.page();
    errors = watchErrors(opened);
    await signIn(opened, admin);
    await opened.getByRole("heading", { name: "Sites", level: 2 }).waitFor();
    return opened;
  }

  const dialog = () => page.getByRole("dialog", { name: /^Site: / });
  const sitesTable = () => page.getByRole("table", { name: "Your sites" });
  const status = (text: string) => dialog().getByRole("status").filter({ hasText: text }).waitFor();
  const definition = (term: string) => dialog().locator(`dt:text-is("${term}") + dd`).innerText();
  const balances = async () => ({ site: await definition("Credits on this site"), pool: await definition("Unallocated credits in your pool") });
  const serverSite = async () =>
    (
      await p.gql(
        `query($id: ID!) { partner { unallocatedCredits } site(id: $id) { country timeZone notes credits administrators { email status } } }`,
        { id: site.id },
        { token: partner.master.token },
      )
    ).data;

  async function openSite(name: string) {
    await sitesTable().getByRole("button", { name, exact: true }).click();
    await dialog().getByRole("heading", { name: `Site: ${name}` }).waitFor();
  }

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
    partner = await p.given.partner({ name: "Acme Security" });
    await p.given.credits(partner, 500);
    site = await p.given.site(partner, {
      name: "Delta Plant",
      country: "ES",
      timeZone: "Europe/Madrid",
      notes: "Old note",
      credits: 40,
      administratorEmail: "first.admin@delta.example",
      usage: { users: 12, devices: 4 },
    });
  });

  afterAll(async () => {
    await bp?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  describe("as an Observer", () => {
    it("opens a site from the keyboard and sees its details read-only, with no control to change them", async () => {
      page = await openAs(await p.given.admin(partner, AdminRole.OBSERVER));
      await sitesTable().getByRole("button", { name: "Delta Plant" }).focus();
      await page.keyboard.press("Enter");
      await dialog().getByText("Your level lets you view this site but not change it.").waitFor();
      const details = dialog().getByRole("region", { name: "Details" });
      expect(await details.getByRole("definition").allInnerTexts()).toEqual(["Spain", "Europe/Madrid", "40", "Old note"]);
      expect(await dialog().getByRole("row", { name: /first\.admin@delta\.example/ }).innerText()).toContain("Pending");
      for (const control of ["Save changes", "Add credits", "Send invitation", "Delete this site…"])
        expect(await dialog().getByRole("button", { name: control }).count()).toBe(0);
      expect(await dialog().getByRole("textbox").count()).toBe(0);
      await page.keyboard.press("Escape");
      await dialog().waitFor({ state: "hidden" });
      expect((await page.locator(":focus").innerText()).trim()).toBe("Delta Plant");
    });
  });

  describe("as an Operator", () => {
    it("may change the site but is offered no deletion", async () => {
      page = await openAs(await p.given.admin(partner, AdminRole.OPERATOR));
      await openSite("Delta Plant");
      await dialog().getByRole("button", { name: "Save changes" }).waitFor();
      await dialog().getByRole("button", { name: "Add credits" }).waitFor();
      await dialog().getByRole("button", { name: "Send invitation" }).waitFor();
      expect(await dialog().getByRole("button", { name: "Delete this site…" }).count()).toBe(0);
    });
  });

  describe("as the partner's Master", () => {
    beforeAll(async () => {
      page = await openAs(partner.master);
      await openSite("Delta Plant");
    });

    it("changes the country, the time zone (searched by typing) and the notes", async () => {
      await dialog().getByLabel("Country").selectOption({ label: "Mexico" });
      const timeZone = dialog().getByLabel("Time zone");
      await timeZone.fill("America/Mexico_City");
      expect(await timeZone.getAttribute("list")).toBeTruthy();
      await dialog().getByLabel("Notes").fill("Alarm code is with the guard");
      await dialog().getByRole("button", { name: "Save changes" }).click();
      await status("Changes saved.");
      expect(await serverSite()).toMatchObject({ site: { country: "MX", timeZone: "America/Mexico_City", notes: "Alarm code is with the guard" } });
      // The list behind the dialog shows the change too.
      const row = sitesTable().getByRole("row").filter({ has: page.getByRole("button", { name: "Delta Plant" }) });
      await eventually(async () => (await rowTexts(row)).slice(0, 2), ["Delta Plant", "Mexico"]);
      await bp.screenshot(page, "edit-site");
    });

    it("adds credits from the pool and takes some back, showing both balances before and after", async () => {
      expect(await balances()).toEqual({ site: "40", pool: "500" });
      const amount = dialog().getByLabel("Number of credits");
      await amount.fill("60");
      await dialog().getByText("After this: the site will have 100 credits and your pool 440.").waitFor();
      await dialog().getByRole("button", { name: "Add credits" }).click();
      await status("Done: the site has 100 credits and your pool 440.");
      await eventually(balances, { site: "100", pool: "440" });
      expect(await serverSite()).toMatchObject({ partner: { unallocatedCredits: 440 }, site: { credits: 100 } });

      await dialog().getByRole("radio", { name: "Take credits back to the pool" }).check();
      await amount.fill("1000");
      await dialog().getByText("The site has only 100 credits to take back.").waitFor();
      await dialog().getByRole("button", { name: "Take credits back" }).click();
      // The server's refusal sits next to the amount, and nothing moved.
      await eventually(() => amount.getAttribute("aria-invalid"), "true");
      await dialog().locator("#move-amount-error").getByText("The site has only 100 credits to take back.").waitFor();
      expect(await serverSite()).toMatchObject({ partner: { unallocatedCredits: 440 }, site: { credits: 100 } });

      await amount.fill("30");
      await dialog().getByText("After this: the site will have 70 credits and your pool 470.").waitFor();
      await dialog().getByRole("button", { name: "Take credits back" }).click();
      await status("Done: the site has 70 credits and your pool 470.");
      await eventually(balances, { site: "70", pool: "470" });
      expect(await serverSite()).toMatchObject({ partner: { unallocatedCredits: 470 }, site: { credits: 70 } });
      await eventually(() => page.getByText(/^Unallocated credits in your pool:/).innerText(), "Unallocated credits in your pool: 470");
    });

    it("invites a site administrator, who gets the email, and lists them as Pending", async () => {
      await dialog().getByLabel("Email of the person to invite").fill("night.manager@delta.example");
      await dialog().getByRole("button", { name: "Send invitation" }).click();
      await status("Invitation sent to night.manager@delta.example.");
      const mail = await p.mail.waitFor("night.manager@delta.example");
      expect(mail.text).toContain("Delta Plant");
      expect(mail.link).toContain("/site-invitation?token=");
      await eventually(async () => (await dialog().getByRole("row", { name: /night\.manager@delta\.example/ }).innerText()).includes("Pending"), true);
      expect((await serverSite()).site.administrators).toEqual(
        expect.arrayContaining([
          { email: "first.admin@delta.example", status: "PENDING" },
          { email: "night.manager@delta.example", status: "PENDING" },
        ]),
      );
    });

    it("deletes the site only once its name is typed, its credits going back to the pool", async () => {
      await dialog().getByRole("button", { name: "Delete this site…" }).click();
      const confirm = dialog().getByLabel("Type the site's name, Delta Plant, to confirm");
      const remove = dialog().getByRole("button", { name: "Delete Delta Plant for good" });
      expect(await remove.isDisabled()).toBe(true);
      await confirm.fill("Delta");
      expect(await remove.isDisabled()).toBe(true);
      await confirm.fill("Delta Plant");
      await remove.click();
      await dialog().waitFor({ state: "hidden" });
      await page.getByRole("status").filter({ hasText: "Site “Delta Plant” deleted; its credits went back to your pool." }).waitFor();
      await page.getByText("You have no sites yet.").waitFor();
      expect(await firstColumn(page.locator("table"))).toEqual([]);
      await eventually(() => page.getByText(/^Unallocated credits in your pool:/).innerText(), "Unallocated credits in your pool: 540");
      expect(await serverSite()).toEqual({ partner: { unallocatedCredits: 540 }, site: null });
    });
  });
});
