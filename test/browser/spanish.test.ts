import type { Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import { defaultPassword, type GivenPartner } from "../support/given";
import { BrowserPortal, describeInBrowser, watchErrors } from "./support/browser";

/** How the browser itself writes this date in a language, as the client's formatDate asks for it. */
function browserDate(page: Page, language: string, iso: string): Promise<string> {
  return page.evaluate(`new Intl.DateTimeFormat(${JSON.stringify(language)}, { dateStyle: "medium" }).format(new Date(${JSON.stringify(iso)}))`) as Promise<string>;
}

describeInBrowser("the interface in Spanish", () => {
  let bp: BrowserPortal;
  let partner: GivenPartner;
  let invitee: { id: string; email: string };
  let token: string;

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    const p = bp.portal;
    partner = await p.given.partner({ name: "Seguridad Ibérica" });
    await p.given.site(partner, { name: "Oficina Central", credits: 12345, usage: { users: 250, devices: 1000 } });
    invitee = await p.given.invitation(partner, AdminRole.OPERATOR);
    token = await p.given.signUpToken(invitee.email);
  });
  afterAll(() => bp?.stop());

  describe("anonymous, in a browser set to es-ES", () => {
    it("shows the sign-up page in Spanish, with the level's Spanish name and a Spanish date", async () => {
      const page = await bp.page({ locale: "es-ES" });
      const problems = watchErrors(page);
      await page.goto(`/sign-up?token=${token}`);

      await page.getByRole("heading", { name: "Registrarse" }).waitFor();
      await expect(page.getByRole("definition").allTextContents()).resolves.toEqual([invitee.email, "Seguridad Ibérica", "Operador"]);
      expect(await page.getByRole("checkbox", { name: "Acepto la Política de privacidad" }).isChecked()).toBe(false);
      expect(await page.getByRole("checkbox", { name: "Acepto los Términos de uso" }).isChecked()).toBe(false);
      await page.getByLabel("Nombre", { exact: true }).waitFor();
      await page.getByLabel("Contraseña", { exact: true }).waitFor();
      expect(await page.getByRole("button", { name: "Registrarse" }).count()).toBe(1);
      const preview = await bp.portal.gql(`query($token: String!) { invitation(token: $token) { expiresAt } }`, { token });
      const spanish = await browserDate(page, "es", preview.data.invitation.expiresAt);
      expect(spanish).not.toBe(await browserDate(page, "en", preview.data.invitation.expiresAt));
      await page.getByText(`Esta invitación caduca el ${spanish}`).waitFor();
      expect(await page.evaluate("document.documentElement.lang")).toBe("es");
      expect(problems).toEqual([]);
    });
  });

  describe("as a Master whose browser is set to es-ES", () => {
    let page: Page;
    let problems: string[];
    beforeAll(async () => {
      page = await bp.page({ locale: "es-ES" });
      problems = watchErrors(page);
    });

    it("logs in through a Spanish form, with the server's refusal in Spanish", async () => {
      await page.goto("/");
      await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
      await page.getByRole("link", { name: "¿Olvidó su contraseña?" }).waitFor();
      await page.getByLabel("Correo electrónico").fill(partner.master.email);
      await page.getByLabel("Contraseña").fill("esta no es la contraseña");
      await page.getByRole("button", { name: "Iniciar sesión" }).click();
      await page.getByRole("alert").getByText("El correo electrónico o la contraseña no son correctos.").waitFor();

      await page.getByLabel("Contraseña").fill(defaultPassword);
      await page.getByRole("button", { name: "Iniciar sesión" }).click();
      await page.getByText("Sesión iniciada como First Master (Master)").waitFor();
    });

    it("shows the Sites screen in Spanish, with numbers written the Spanish way", async () => {
      const nav = page.getByRole("navigation", { name: "Principal" });
      expect(await nav.getByRole("link").allTextContents()).toEqual(["Sitios", "Historial de créditos", "Administración"]);
      const row = page.getByRole("row").filter({ hasText: "Oficina Central" });
      await row.getByRole("cell", { name: "12.345", exact: true }).waitFor();
      expect(await page.getByRole("button", { name: "Cerrar sesión" }).count()).toBe(1);
      await bp.screenshot(page, "spanish-sites");
    });

    it("shows the Admin screen in Spanish, with Spanish dates", async () => {
      await page.getByRole("link", { name: "Administración" }).click();
      await page.getByRole("heading", { name: "Administración" }).waitFor();
      const headers = await page.getByRole("columnheader").allInnerTexts();
      expect(headers.slice(0, 4)).toEqual(["Nombre", "Correo electrónico", "Nivel", "Estado"]);
      const admins = await bp.portal.gql(`{ admins { email invitation { expiresAt } } }`, {}, { token: partner.master.token });
      const expiresAt = admins.data.admins.find((a: { email: string }) => a.email === invitee.email).invitation.expiresAt;
      const row = page.getByRole("row").filter({ hasText: invitee.email });
      await row.getByText(`Invitado, caduca el ${await browserDate(page, "es", expiresAt)}`).waitFor();
      await row.getByText("Operador", { exact: true }).waitFor();
      await row.getByRole("button", { name: `Reenviar invitación a ${invitee.email}` }).waitFor();
      expect(await page.getByRole("button", { name: "Invitar", exact: true }).count()).toBe(1);
    });

    it("switches to English and back with the language switcher, and remembers the choice", async () => {
      const switcher = page.getByLabel("Idioma");
      await switcher.selectOption({ label: "English" });
      await page.getByRole("heading", { name: "Admin", exact: true }).waitFor();
      const row = page.getByRole("row").filter({ hasText: invitee.email });
      await row.getByText("Operator", { exact: true }).waitFor();
      expect(await page.evaluate("document.documentElement.lang")).toBe("en");

      await page.getByRole("link", { name: "Sites" }).click();
      await page.getByRole("row").filter({ hasText: "Oficina Central" }).getByRole("cell", { name: "12,345", exact: true }).waitFor();
      await page.reload();
      await page.getByRole("link", { name: "Credit History" }).waitFor();

      await page.getByLabel("Language").selectOption({ label: "Español" });
      await page.getByRole("link", { name: "Historial de créditos" }).waitFor();
      await page.getByRole("row").filter({ hasText: "Oficina Central" }).getByRole("cell", { name: "12.345", exact: true }).waitFor();
      expect(await page.evaluate("document.documentElement.lang")).toBe("es");
    });

    it("reported no console error, page error or CSP violation", () => {
      expect(problems).toEqual([]);
    });
  });

  describe("as a Master whose browser is set to English", () => {
    it("gets English by default", async () => {
      const page = await bp.page({ locale: "en-US" });
      const problems = watchErrors(page);
      await page.goto("/");
      await page.getByRole("heading", { name: "Log in" }).waitFor();
      await page.getByLabel("Email").waitFor();
      expect(await page.getByLabel("Language").inputValue()).toBe("en");
      expect(problems).toEqual([]);
    });
  });

  it("logged no unexpected server error", () => {
    expect(bp.portal.errorsLogged).toEqual([]);
  });
});
