import type { Locator, Page } from "playwright-core";
import type { GivenPartner, GivenSite } from "../support/given";
import type { Portal } from "../support/harness";
import { ops } from "../support/operations";
import { accessibilityProblems, BrowserPortal, describeInBrowser, devices, scrollsSideways, watchErrors } from "./support/browser";
import { eventually, midNextMonth } from "./support/sites-journeys";

/**
 * Issue 11, "Layout that survives real data": a 200-character unbroken name and 2,000-character
 * notes, a suspended site, every screen and dialog on a desktop (1280 px) and a phone (390 px),
 * in English and Spanish; no sideways scrolling of the page, dialogs inside the viewport, and
 * no serious or critical axe violation anywhere.
 */
interface Words {
  locale: string;
  email: string;
  password: string;
  logIn: string;
  sites: string;
  history: string;
  admin: string;
  sitesTable: string;
  createSite: string;
  site: (name: string) => string;
  invite: string;
  inviteTitle: string;
  createToken: string;
  createTokenTitle: string;
  close: string;
  active: string;
  suspended: string;
}

const words = {
  en: {
    locale: "en-GB",
    email: "Email",
    password: "Password",
    logIn: "Log in",
    sites: "Sites",
    history: "Credit History",
    admin: "Admin",
    sitesTable: "Your sites",
    createSite: "Create site",
    site: (name: string) => `Site: ${name}`,
    invite: "Invite",
    inviteTitle: "Invite an admin",
    createToken: "Create API token",
    createTokenTitle: "Create an API token",
    close: "Close",
    active: "Active",
    suspended: "Suspended Ran out of credits: add some to resume.",
  },
  es: {
    locale: "es-ES",
    email: "Correo electrónico",
    password: "Contraseña",
    logIn: "Iniciar sesión",
    sites: "Sitios",
    history: "Historial de créditos",
    admin: "Administración",
    sitesTable: "Sus sitios",
    createSite: "Crear sitio",
    site: (name: string) => `Sitio: ${name}`,
    invite: "Invitar",
    inviteTitle: "Invitar a un administrador",
    createToken: "Crear token de API",
    createTokenTitle: "Crear un token de API",
    close: "Cerrar",
    active: "Activo",
    suspended: "Suspendido Se quedó sin créditos: agregue para reanudarlo.",
  },
} satisfies Record<string, Words>;

const longName = "N".repeat(200);
const longNotes = ("Gate code 4471, ask for the night guard; " + "x".repeat(60) + " ").repeat(20).slice(0, 2000);

describeInBrowser("layout with real data, on a desktop and a phone", () => {
  let bp: BrowserPortal;
  let p: Portal;
  let partner: GivenPartner;
  let long: GivenSite;
  const now = midNextMonth();

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
    p.clock.moveTo(now);
    partner = await p.given.partner({ name: "Layout Security" });
    await p.given.credits(partner, 123456);
    long = await p.given.site(partner, { name: longName, notes: longNotes, credits: 1500, usage: { users: 12, devices: 3 } });
    // Cannot pay its month: the billing run suspends it.
    await p.given.site(partner, { name: "Broke Depot", credits: 1, usage: { users: 1, devices: 5 } });
    await p.given.site(partner, { name: "Calm Office", credits: 40 });
    const billed = await p.platform(ops.runMonthlyBilling, { input: { month: now.toISOString().slice(0, 7) } });
    expect(billed.data.runMonthlyBilling).toMatchObject({ sitesSuspended: 1 });
  });

  afterAll(async () => {
    await bp?.stop();
  });

  /** Title and close button inside the viewport, the dialog no wider or taller than it, the page not scrolling sideways. */
  async function expectFits(page: Page, dialog: Locator, w: Words) {
    const viewport = page.viewportSize()!;
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.height).toBeLessThanOrEqual(viewport.height);
    for (const part of [dialog.getByRole("heading").first(), dialog.getByRole("button", { name: w.close })]) {
      const partBox = (await part.boundingBox())!;
      expect(partBox.y).toBeGreaterThanOrEqual(0);
      expect(partBox.x + partBox.width).toBeLessThanOrEqual(viewport.width);
    }
    expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  async function closeDialog(page: Page, dialog: Locator, w: Words) {
    await dialog.getByRole("button", { name: w.close }).click();
    await dialog.waitFor({ state: "hidden" });
  }

  describe.each(Object.entries(words))("in %s", (_language, w) => {
    describe.each(devices)("on a %s", (device, { phone }) => {
      let page: Page;
      let errors: string[];

      beforeAll(async () => {
        page = await bp.page({ locale: w.locale, phone });
        errors = watchErrors(page);
        await page.clock.setFixedTime(now);
        await page.goto("/");
        expect(await scrollsSideways(page)).toBe(false);
        expect(await accessibilityProblems(page)).toEqual([]);
        await page.getByLabel(w.email).fill(partner.master.email);
        await page.getByLabel(w.password).fill(partner.master.password);
        await page.getByRole("button", { name: w.logIn }).click();
        await page.getByRole("heading", { name: w.sites, level: 2 }).waitFor();
      });

      afterAll(() => {
        expect(errors).toEqual([]);
      });

      it("keeps the sites list readable: long text cut with an ellipsis and whole on hover, numbers right-aligned, states in words", async () => {
        const table = page.getByRole("table", { name: w.sitesTable });
        const name = page.getByRole("button", { name: longName });
        await name.waitFor();
        expect(await name.getAttribute("title")).toBe(longName);
        // Cut after two lines, with an ellipsis (line-clamp).
        const shown = name.locator("span");
        expect(await shown.evaluate((element) => element.scrollHeight > element.clientHeight + 1)).toBe(true);
        expect(await shown.evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).webkitLineClamp)).toBe("2");
        const row = table.getByRole("row").filter({ has: name });
        const notes = row.locator("td[class*=notes] span.clamp");
        expect(await notes.getAttribute("title")).toBe(longNotes);
        // A sensible row height: the notes show a couple of lines, not 2,000 characters.
        expect((await row.boundingBox())!.height).toBeLessThan(130);
        // 1,500 credits less the month's 3 of its 3 devices.
        const credits = row.locator("td").nth(1);
        expect(await credits.innerText()).toBe(w.locale === "en-GB" ? "1,497" : "1.497");
        expect(await credits.evaluate((cell) => cell.ownerDocument.defaultView!.getComputedStyle(cell).textAlign)).toBe("right");
        expect(await row.locator("td").last().innerText()).toBe(w.active);
        const broke = table.getByRole("row").filter({ has: page.getByRole("button", { name: "Broke Depot" }) });
        expect((await broke.locator("td").last().innerText()).replace(/\s+/g, " ")).toBe(w.suspended);
        // The cut notes take the focus and then show in full, over the rows below.
        await notes.focus();
        const full = row.locator("td[class*=notes] span.full");
        expect(await full.isVisible()).toBe(true);
        expect(await full.innerText()).toBe(longNotes.trim());
        await notes.blur();
        expect(await scrollsSideways(page)).toBe(false);
        expect(await accessibilityProblems(page)).toEqual([]);
      });

      it("fits the site's dialog in the viewport with the whole name, its body scrolling", async () => {
        await page.getByRole("table", { name: w.sitesTable }).getByRole("button", { name: longName }).click();
        const dialog = page.getByRole("dialog", { name: w.site(longName) });
        await dialog.getByRole("textbox").last().waitFor();
        expect(await dialog.getByRole("heading", { level: 2 }).innerText()).toBe(w.site(longName));
        await expectFits(page, dialog, w);
        await closeDialog(page, dialog, w);
      });

      it("fits the Create site dialog", async () => {
        await page.getByRole("button", { name: w.createSite }).click();
        const dialog = page.getByRole("dialog", { name: w.createSite });
        await dialog.waitFor();
        await expectFits(page, dialog, w);
        await closeDialog(page, dialog, w);
      });

      it("shows the credit history without sideways scrolling", async () => {
        await page.getByRole("link", { name: w.history }).click();
        await page.getByRole("heading", { name: w.history, level: 2 }).waitFor();
        await page.locator("tbody tr").first().waitFor();
        expect(await scrollsSideways(page)).toBe(false);
        expect(await accessibilityProblems(page)).toEqual([]);
      });

      it("shows the Admin screen and its dialogs without sideways scrolling", async () => {
        await page.getByRole("link", { name: w.admin }).click();
        await page.getByRole("heading", { name: w.admin, level: 2 }).waitFor();
        await page.locator("tbody tr").first().waitFor();
        expect(await scrollsSideways(page)).toBe(false);
        expect(await accessibilityProblems(page)).toEqual([]);
        for (const [button, title] of [
          [w.invite, w.inviteTitle],
          [w.createToken, w.createTokenTitle],
        ]) {
          await page.getByRole("button", { name: button, exact: true }).click();
          const dialog = page.getByRole("dialog", { name: title });
          await dialog.waitFor();
          await expectFits(page, dialog, w);
          await closeDialog(page, dialog, w);
        }
        await page.getByRole("link", { name: w.sites }).click();
        await eventually(() => page.getByRole("heading", { level: 2 }).first().innerText(), w.sites);
      });
    });
  });
});
