import type { Page } from "playwright-core";
import type { GivenPartner } from "../support/given";
import type { Portal } from "../support/harness";
import { accessibilityProblems, BrowserPortal, describeInBrowser, devices, scrollsSideways, watchErrors } from "./support/browser";
import { eventually, firstColumn } from "./support/sites-journeys";

/**
 * Issue 11, "Addresses, focus and empty states": the address bar names the screen, unknown
 * paths get a page with a way home, sorting by keyboard keeps the focus, Tab stays in a dialog,
 * empty screens say what to do, plurals and the pager read well, and a new site's time zone
 * follows its country.
 */
const words = {
  en: {
    locale: "en-GB",
    email: "Email",
    password: "Password",
    logIn: "Log in",
    logOut: "Log out",
    sites: "Sites",
    history: "Credit History",
    notFound: "Page not found",
    home: "Go to your sites",
    emptyPool: "Credits come from your distributor",
    emptySites: "Create your first one with Create site",
    noneYet: "No credit transactions yet.",
    createSite: "Create site",
    country: "Country",
    timeZone: "Time zone",
    close: "Close",
    name: "Name",
    oneSite: "1 site",
    sitesCount: "23 sites",
    pages: "Pages of sites",
    next: "Next page",
    range: "21–23 of 23",
    firstRange: "1–20 of 23",
    usage: "1 user, 2 devices",
    siteDialog: "Site: Site 01",
  },
  es: {
    locale: "es-ES",
    email: "Correo electrónico",
    password: "Contraseña",
    logIn: "Iniciar sesión",
    logOut: "Cerrar sesión",
    sites: "Sitios",
    history: "Historial de créditos",
    notFound: "Página no encontrada",
    home: "Ir a sus sitios",
    emptyPool: "Los créditos vienen de su distribuidor",
    emptySites: "Cree el primero con Crear sitio",
    noneYet: "Todavía no hay transacciones de créditos.",
    createSite: "Crear sitio",
    country: "País",
    timeZone: "Zona horaria",
    close: "Cerrar",
    name: "Nombre",
    oneSite: "1 sitio",
    sitesCount: "23 sitios",
    pages: "Páginas de sitios",
    next: "Página siguiente",
    range: "21–23 de 23",
    firstRange: "1–20 de 23",
    usage: "1 usuario, 2 dispositivos",
    siteDialog: "Sitio: Site 01",
  },
};

describeInBrowser("addresses, focus and empty states", () => {
  let bp: BrowserPortal;
  let p: Portal;

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
  });

  afterAll(async () => {
    await bp?.stop();
  });

  const path = (page: Page) => new URL(page.url()).pathname;

  async function expectSound(page: Page) {
    expect(await scrollsSideways(page)).toBe(false);
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  describe.each(Object.entries(words))("in %s", (language, w) => {
    describe.each(devices)("on a %s", (device, { phone }) => {
      let page: Page;
      let errors: string[];
      let fresh: GivenPartner;
      let big: GivenPartner;

      async function logInAs(who: { email: string; password: string }) {
        await page.getByLabel(w.email).fill(who.email);
        await page.getByLabel(w.password).fill(who.password);
        await page.getByRole("button", { name: w.logIn }).click();
        await page.getByRole("heading", { name: w.sites, level: 2 }).waitFor();
      }

      beforeAll(async () => {
        fresh = await p.given.partner({ name: `New ${language} ${device}` });
        big = await p.given.partner({ name: `Big ${language} ${device}`, country: "MX" });
        const names = Array.from({ length: 23 }, (_, i) => `Site ${String(i + 1).padStart(2, "0")}`);
        for (let i = 0; i < names.length; i += 8)
          await Promise.all(names.slice(i, i + 8).map((name) => p.given.site(big, { name, usage: { users: 1, devices: 2 } })));
        page = await bp.page({ locale: w.locale, phone });
        errors = watchErrors(page);
      });

      afterAll(() => {
        expect(errors).toEqual([]);
      });

      it("shows a not-found page with a way home for an unknown address", async () => {
        await page.goto("/no/such/page");
        await page.getByRole("heading", { name: w.notFound }).waitFor();
        await expectSound(page);
        await page.getByRole("link", { name: w.home }).click();
        await page.getByLabel(w.email).waitFor();
        expect(path(page)).toBe("/sites");
      });

      it("names the screen in the address bar after log-in; reload stays, Back and Forward work", async () => {
        await page.goto("/");
        await logInAs(fresh.master);
        expect(path(page)).toBe("/sites");
        await page.getByRole("link", { name: w.history }).click();
        await page.getByRole("heading", { name: w.history, level: 2 }).waitFor();
        expect(path(page)).toBe("/history");
        await page.reload();
        await page.getByRole("heading", { name: w.history, level: 2 }).waitFor();
        await page.goBack();
        await page.getByRole("heading", { name: w.sites, level: 2 }).waitFor();
        expect(path(page)).toBe("/sites");
        await page.goForward();
        await page.getByRole("heading", { name: w.history, level: 2 }).waitFor();
        expect(path(page)).toBe("/history");
      });

      it("tells a new partner how credits arrive and what to do first, and that there are no transactions yet", async () => {
        await page.getByText(w.noneYet).waitFor();
        await expectSound(page);
        await page.getByRole("link", { name: w.sites }).click();
        await page.getByText(w.emptyPool).waitFor();
        await page.getByText(w.emptySites).waitFor();
        await expectSound(page);
      });

      it("follows the chosen country with the time zone, still editable, and keeps Tab inside the dialog", async () => {
        await page.getByRole("button", { name: w.createSite }).click();
        const dialog = page.getByRole("dialog", { name: w.createSite });
        await dialog.waitFor();
        const timeZone = dialog.getByLabel(w.timeZone);
        await dialog.getByLabel(w.country).selectOption("US");
        expect(await timeZone.inputValue()).toBe("America/New_York");
        await dialog.getByLabel(w.country).selectOption("ES");
        expect(await timeZone.inputValue()).toBe("Europe/Madrid");
        await timeZone.fill("Atlantic/Canary");
        expect(await timeZone.inputValue()).toBe("Atlantic/Canary");
        await expectSound(page);
        // Tab from the last control comes back to the first: the close button.
        await dialog.getByRole("button", { name: w.createSite }).focus();
        await page.keyboard.press("Tab");
        expect(await dialog.getByRole("button", { name: w.close }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
        await page.keyboard.press("Shift+Tab");
        expect(await dialog.getByRole("button", { name: w.createSite }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
        await page.keyboard.press("Escape");
        await dialog.waitFor({ state: "hidden" });
      });

      it("pages with where you are, plurals from the language, and keeps the focus on a header sorted by keyboard", async () => {
        await page.getByRole("button", { name: w.logOut }).click();
        await page.getByLabel(w.email).waitFor();
        await logInAs(big.master);
        await page.getByText(w.sitesCount).waitFor();
        const pages = page.getByRole("navigation", { name: w.pages });
        await pages.getByText(w.firstRange).waitFor();
        await pages.getByRole("button", { name: w.next }).click();
        await pages.getByText(w.range).waitFor();
        await expectSound(page);

        const header = page.getByRole("columnheader", { name: w.name }).getByRole("button");
        await header.focus();
        await page.keyboard.press("Enter");
        await eventually(async () => (await firstColumn(page.getByRole("table"))).at(0), "Site 23");
        expect(await header.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
        await page.keyboard.press("Enter");
        await eventually(async () => (await firstColumn(page.getByRole("table"))).at(0), "Site 01");
        expect(await header.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);

        await page.getByRole("button", { name: "Site 01", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: w.siteDialog });
        await dialog.getByText(w.usage).waitFor();
        await dialog.getByRole("button", { name: w.close }).click();
        await page.getByRole("searchbox").fill("Site 07");
        await page.getByText(w.oneSite, { exact: true }).waitFor();
      });
    });
  });
});
