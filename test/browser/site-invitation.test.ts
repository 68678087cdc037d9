import type { Page } from "playwright-core";
import type { GivenPartner } from "../support/given";
import type { Portal } from "../support/harness";
import { ops } from "../support/operations";
import { accessibilityProblems, BrowserPortal, describeInBrowser, devices, linkPath, scrollsSideways, watchErrors } from "./support/browser";

const dayMs = 24 * 3600 * 1000;

/**
 * Issue 11, "The customer's site administrator": the emailed /site-invitation link opens a
 * public page in the person's language naming the site and the installer, with one button to
 * accept and what happens next; spent links say why and send them to their installer.
 */
const words = {
  en: {
    locale: "en-GB",
    invitedBy: (partner: string, site: string) => `${partner}, your installer, invites you to be an administrator of the site ${site}.`,
    accept: "Accept the invitation",
    acceptedTitle: (site: string) => `You are now an administrator of ${site}`,
    nextSteps: "you run",
    accessControl: "access-control service, not here",
    expired: "This invitation link has expired. Ask your installer,",
    used: "This invitation was already accepted",
    revoked: "This invitation was withdrawn",
    replaced: "A newer invitation replaced this one",
    invalid: "This invitation link is not valid.",
  },
  es: {
    locale: "es-ES",
    invitedBy: (partner: string, site: string) => `${partner}, su instalador, le invita a ser administrador del sitio ${site}.`,
    accept: "Aceptar la invitación",
    acceptedTitle: (site: string) => `Ya es administrador de ${site}`,
    nextSteps: "gestionará",
    accessControl: "servicio de control de acceso, no aquí",
    expired: "Este enlace de invitación ha caducado. Pida a su instalador,",
    used: "Esta invitación ya se aceptó",
    revoked: "Esta invitación se retiró",
    replaced: "Una invitación más reciente sustituyó a esta",
    invalid: "Este enlace de invitación no es válido.",
  },
};

describeInBrowser("the customer's site administrator link", () => {
  let bp: BrowserPortal;
  let p: Portal;
  let partner: GivenPartner;

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
    partner = await p.given.partner({ name: "Acme Installers" });
  });

  afterAll(async () => {
    await bp?.stop();
  });

  /** A new site and the path of the link its administrator was mailed. */
  async function invitedSite(name: string): Promise<{ id: string; path: string; email: string }> {
    const site = await p.given.site(partner, { name });
    const mail = await p.mail.waitFor(site.administratorEmail, (m) => !!m.link?.includes("/site-invitation?token="));
    return { id: site.id, path: linkPath(mail.link!), email: site.administratorEmail };
  }

  async function expectSound(page: Page) {
    expect(await scrollsSideways(page)).toBe(false);
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  describe.each(Object.entries(words))("in %s", (language, w) => {
    describe.each(devices)("on a %s", (device, { phone }) => {
      let page: Page;
      let errors: string[];

      beforeAll(async () => {
        page = await bp.page({ locale: w.locale, phone });
        errors = watchErrors(page);
      });

      afterAll(() => {
        expect(errors).toEqual([]);
      });

      it("opens a public page naming the site and the installer; one button accepts and says what happens next", async () => {
        const site = await invitedSite(`Harbour ${language} ${device}`);
        await page.goto(site.path);
        await page.getByText(w.invitedBy("Acme Installers", `Harbour ${language} ${device}`)).waitFor();
        // Not the portal's log-in form: the person has no account here.
        expect(await page.getByRole("button", { name: /log in|iniciar sesión/i }).count()).toBe(0);
        await expectSound(page);
        await page.getByRole("button", { name: w.accept }).click();
        await page.getByRole("heading", { name: w.acceptedTitle(`Harbour ${language} ${device}`) }).waitFor();
        const next = await page.getByRole("status").innerText();
        expect(next).toContain(w.nextSteps);
        expect(next).toContain(w.accessControl);
        await expectSound(page);
        const administrators = await p.gql(ops.site, { id: site.id }, { token: partner.master.token });
        expect(administrators.data.site.administrators).toEqual([expect.objectContaining({ email: site.email, status: "ACCEPTED" })]);

        // The same link again: already used.
        await page.reload();
        await page.getByText(w.used).waitFor();
        expect(await page.getByRole("button", { name: w.accept }).count()).toBe(0);
      });

      it("says a replaced, a withdrawn and an unknown link cannot be used, and to ask the installer", async () => {
        const resent = await invitedSite(`Resent ${language} ${device}`);
        const again = await p.gql(ops.inviteSiteAdministrator, { input: { siteId: resent.id, email: resent.email } }, { token: partner.master.token });
        expect(again.data.inviteSiteAdministrator.userErrors).toEqual([]);
        await page.goto(resent.path);
        await page.getByText(w.replaced).waitFor();
        expect(await page.getByRole("alert").innerText()).toContain("Acme Installers");

        const deleted = await invitedSite(`Deleted ${language} ${device}`);
        await p.gql(ops.deleteSite, { input: { id: deleted.id } }, { token: partner.master.token });
        await page.goto(deleted.path);
        await page.getByText(w.revoked).waitFor();
        await expectSound(page);

        await page.goto("/site-invitation?token=never-sent");
        await page.getByText(w.invalid).waitFor();
      });

      it("says an expired link has expired, in the language the link asks for", async () => {
        const old = await invitedSite(`Old ${language} ${device}`);
        p.clock.advance(7 * dayMs + 60_000);
        try {
          const other = language === "en" ? "es" : "en";
          await page.goto(`${old.path}&lang=${other}`);
          await page.getByText(words[other].expired).waitFor();
          await page.goto(old.path);
          await page.getByText(w.expired).waitFor();
          expect(await page.getByRole("button", { name: w.accept }).count()).toBe(0);
          await expectSound(page);
        } finally {
          p.clock.advance(-(7 * dayMs + 60_000));
        }
      });
    });
  });
});
