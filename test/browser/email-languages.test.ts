import type { Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import { uniqueEmail, type GivenPartner } from "../support/given";
import { BrowserPortal, describeInBrowser, linkPath, signIn, watchErrors } from "./support/browser";

/**
 * Choosing the language of emails in the web client: the invitation's language in the invite
 * dialog and the site forms (the portal's language unless changed), the portal's language at
 * sign-up, and the signed-in person's own emails' language in the header.
 */
describeInBrowser("the language of emails, chosen in the web client", () => {
  let bp: BrowserPortal;
  let partner: GivenPartner;
  let page: Page;
  let problems: string[];

  const preferredLanguage = async (email: string) =>
    (await bp.portal.dataSource.query("SELECT preferred_language AS language FROM partner_admin WHERE email = ?", [email.toLowerCase()]))[0].language;

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    partner = await bp.portal.given.partner({ name: "Lingua Security" });
    page = await bp.page({ locale: "en-GB" });
    problems = watchErrors(page);
    await signIn(page, partner.master);
  });
  afterAll(() => bp?.stop());
  afterEach(() => expect(problems).toEqual([]));

  it("invites an admin in the language chosen in the invite dialog, which starts as the portal's", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Invite an admin" });
    const language = dialog.getByLabel("Write the invitation in");
    expect(await language.inputValue()).toBe("en");
    const email = uniqueEmail("spanish-invitee");
    await dialog.getByLabel("Email").fill(email);
    await language.selectOption({ label: "Español" });
    await dialog.getByRole("button", { name: "OK" }).click();
    await page.getByRole("status").getByText(`Invitation sent to ${email}.`).waitFor();

    const mail = await bp.portal.mail.waitFor(email, (m) => !!m.link?.includes("/sign-up?token="));
    expect(mail.subject).toBe("Invitación al Partner Portal de Lingua Security");

    // The invitee's browser is in English: their emails will be in English, the portal's language as they sign up.
    const invitee = await bp.page({ locale: "en-GB" });
    await invitee.goto(linkPath(mail.link!));
    await invitee.getByLabel("Name").fill("Ellen English");
    await invitee.getByLabel("Password").fill("another long password");
    await invitee.getByRole("checkbox", { name: "I accept the Privacy Policy" }).check();
    await invitee.getByRole("checkbox", { name: "I accept the Terms of Usage" }).check();
    await invitee.getByRole("button", { name: "Sign Up" }).click();
    await invitee.getByText("Signed in as Ellen English (Observer)").waitFor();
    expect(await preferredLanguage(email)).toBe("en");
  });

  it("signs up a person whose browser is in Spanish with Spanish emails", async () => {
    const invited = await bp.portal.given.invitation(partner, AdminRole.OBSERVER);
    const token = await bp.portal.given.signUpToken(invited.email);
    const invitee = await bp.page({ locale: "es-ES" });
    await invitee.goto(`/sign-up?token=${token}`);
    await invitee.getByLabel("Nombre").fill("Sofía Española");
    await invitee.getByLabel("Contraseña").fill("otra contraseña bien larga");
    await invitee.getByRole("checkbox", { name: "Acepto la Política de privacidad" }).check();
    await invitee.getByRole("checkbox", { name: "Acepto los Términos de uso" }).check();
    await invitee.getByRole("button", { name: "Registrarse" }).click();
    await invitee.getByText("Sesión iniciada como Sofía Española (Observador)").waitFor();
    expect(await preferredLanguage(invited.email)).toBe("es");
    expect(await invitee.getByLabel("Recibir mis correos en").inputValue()).toBe("es");
  });

  it("creates a site whose first administrator is invited in the language chosen", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sites" }).click();
    await page.getByRole("button", { name: "Create site" }).click();
    const dialog = page.getByRole("dialog", { name: "Create site" });
    await dialog.getByLabel("Site name").fill("Museo Marítimo");
    const email = uniqueEmail("museo");
    await dialog.getByLabel("First administrator's email").fill(email);
    expect(await dialog.getByLabel("Write the invitation in").inputValue()).toBe("en");
    await dialog.getByLabel("Write the invitation in").selectOption({ label: "Español" });
    await dialog.getByRole("button", { name: "Create site" }).click();
    await page.getByRole("status").getByText("Site “Museo Marítimo” created").waitFor();
    expect((await bp.portal.mail.waitFor(email)).subject).toBe("Invitación para administrar Museo Marítimo");
  });

  it("sets the language of the signed-in person's own emails in the header", async () => {
    const setting = page.getByLabel("Mail me in");
    expect(await setting.inputValue()).toBe("en");
    await setting.selectOption({ label: "Español" });
    await page.getByRole("status").getByText("Your emails will be in Español.").waitFor();
    expect(await preferredLanguage(partner.master.email)).toBe("es");

    await bp.portal.gql(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`, { input: { email: partner.master.email } });
    const reset = await bp.portal.mail.waitFor(partner.master.email, (m) => !!m.link?.includes("/reset-password?token="));
    expect(reset.subject).toBe("Restablezca su contraseña del Partner Portal");

    await page.reload();
    expect(await page.getByLabel("Mail me in").inputValue()).toBe("es");
  });
});
