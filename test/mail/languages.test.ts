import { AdminRole } from "../../server/roles";
import { signUpInput } from "../support/admin-operations";
import { uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { Portal } from "../support/harness";
import type { CaughtMail } from "../support/smtp";

/**
 * Every email in its reader's language, English or Spanish: admin invitations in the language
 * the inviter chose (by default their own), password resets and low-credit warnings in each
 * recipient's preferred language, site administrator invitations in the language chosen when
 * creating the site or inviting. Dates and numbers follow the language; times say their zone.
 */

const userErrors = "userErrors { field message code }";
const op = {
  inviteAdmin: `mutation($input: InviteAdminInput!) { inviteAdmin(input: $input) { admin { id preferredLanguage } ${userErrors} } }`,
  resendInvitation: `mutation($input: ResendInvitationInput!) { resendInvitation(input: $input) { admin { id } ${userErrors} } }`,
  signUp: `mutation($input: SignUpInput!) { signUp(input: $input) { token admin { id preferredLanguage } ${userErrors} } }`,
  me: `{ me { id preferredLanguage } }`,
  setPreferredLanguage: `mutation($input: SetPreferredLanguageInput!) { setPreferredLanguage(input: $input) { admin { id preferredLanguage } ${userErrors} } }`,
  requestPasswordReset: `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok } }`,
  createSite: `mutation($input: CreateSiteInput!) { createSite(input: $input) { site { id administrators { email language } } ${userErrors} } }`,
  inviteSiteAdministrator: `mutation($input: InviteSiteAdministratorInput!) { inviteSiteAdministrator(input: $input) { siteAdministrator { email language } ${userErrors} } }`,
};

describe("emails in the reader's language", () => {
  let portal: Portal;
  let acme: GivenPartner;

  beforeAll(async () => {
    portal = await Portal.start();
    // Invitations last 7 days: sent now, they expire on 1 January 2027 at midnight UTC.
    portal.clock.moveTo("2026-12-25T00:00:00.000Z");
    portal.clock.freeze();
    acme = await portal.given.partner({ name: "Acme" });
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  async function setLanguage(session: Session, language: "EN" | "ES") {
    const response = await portal.gql(op.setPreferredLanguage, { input: { language } }, { token: session.token });
    expect(response.data.setPreferredLanguage).toEqual({ admin: { id: session.id, preferredLanguage: language }, userErrors: [] });
  }

  /** The inviter invites a new address (in this language, if given); returns the address and its invitation email. */
  async function invite(by: Session, language?: "EN" | "ES", role = AdminRole.OPERATOR): Promise<{ email: string; adminId: string; mail: CaughtMail }> {
    const email = uniqueEmail("invitee");
    const response = await portal.gql(op.inviteAdmin, { input: { email, role, ...(language ? { language } : {}) } }, { token: by.token });
    expect(response.data.inviteAdmin.userErrors).toEqual([]);
    return { email, adminId: response.data.inviteAdmin.admin.id, mail: await portal.mail.waitFor(email, (m) => !!m.link?.includes("/sign-up?token=")) };
  }

  async function signUp(email: string, language?: "EN" | "ES"): Promise<Session> {
    const token = await portal.given.signUpToken(email);
    const response = await portal.gql(op.signUp, { input: { ...signUpInput(token), ...(language ? { language } : {}) } });
    expect(response.data.signUp.userErrors).toEqual([]);
    const { admin } = response.data.signUp;
    return { id: admin.id, email, role: AdminRole.OPERATOR, partnerId: acme.id, token: response.data.signUp.token, password: signUpInput(token).password };
  }

  async function preferredLanguage(session: Session): Promise<string> {
    return (await portal.gql(op.me, {}, { token: session.token })).data.me.preferredLanguage;
  }

  async function resetMail(session: Session): Promise<CaughtMail> {
    const before = portal.mail.to(session.email).length;
    await portal.gql(op.requestPasswordReset, { input: { email: session.email } });
    return portal.mail.waitFor(session.email, (m) => !!m.link?.includes("/reset-password?token=") && portal.mail.to(session.email).indexOf(m) >= before);
  }

  describe("an admin invitation", () => {
    it("is in Spanish when the inviter chooses Spanish: subject, text, button, level and expiry with its zone", async () => {
      const { mail } = await invite(acme.master, "ES");
      expect(mail.subject).toBe("Invitación al Partner Portal de Acme");
      expect(mail.text).toContain("Le han invitado a unirse al Partner Portal de Acme con el nivel Operador.");
      expect(mail.text).toContain("El enlace solo puede usarse una vez y caduca el 1 de enero de 2027, 00:00 UTC.");
      expect(mail.text).toMatch(/^Registrarse: http\S+\/sign-up\?token=/m);
      expect(mail.html).toContain('<html lang="es">');
      expect(mail.html).toContain("O abra este enlace:");
      expect(mail.text).not.toMatch(/invited|expires/);
    });

    it("is in English when the inviter chooses English", async () => {
      const { mail } = await invite(acme.master, "EN", AdminRole.ADMINISTRATOR);
      expect(mail.subject).toBe("You are invited to the Acme Partner Portal");
      expect(mail.text).toContain("You have been invited to join the Partner Portal of Acme as Administrator.");
      expect(mail.text).toContain("The link can be used once and expires on January 1, 2027, 00:00 UTC.");
      expect(mail.text).toMatch(/^Sign Up: http\S+\/sign-up\?token=/m);
      expect(mail.html).toContain('<html lang="en">');
    });

    it("is in the inviter's preferred language when the inviter chooses none", async () => {
      await setLanguage(acme.master, "ES");
      try {
        expect((await invite(acme.master)).mail.subject).toBe("Invitación al Partner Portal de Acme");
      } finally {
        await setLanguage(acme.master, "EN");
      }
      expect((await invite(acme.master)).mail.subject).toBe("You are invited to the Acme Partner Portal");
    });

    it("is sent again in the language it was first sent in", async () => {
      const { email, adminId } = await invite(acme.master, "ES");
      const first = portal.mail.to(email).length;
      const resent = await portal.gql(op.resendInvitation, { input: { adminId } }, { token: acme.master.token });
      expect(resent.data.resendInvitation.userErrors).toEqual([]);
      const mail = await portal.mail.waitFor(email, (m) => portal.mail.to(email).indexOf(m) >= first);
      expect(mail.subject).toBe("Invitación al Partner Portal de Acme");
    });
  });

  describe("an admin's preferred language", () => {
    it("is the portal's language when they sign up, whatever the invitation's", async () => {
      const { email } = await invite(acme.master, "EN");
      const person = await signUp(email, "ES");
      expect(await preferredLanguage(person)).toBe("ES");
    });

    it("is the invitation's language when the sign-up names none", async () => {
      const { email } = await invite(acme.master, "ES");
      expect(await preferredLanguage(await signUp(email))).toBe("ES");
    });

    it("can be changed in their profile, and their next emails follow it", async () => {
      const person = await signUp((await invite(acme.master, "EN")).email, "ES");
      expect((await resetMail(person)).subject).toBe("Restablezca su contraseña del Partner Portal");
      await setLanguage(person, "EN");
      expect(await preferredLanguage(person)).toBe("EN");
      expect((await resetMail(person)).subject).toBe("Reset your Partner Portal password");
    });
  });

  describe("a password reset email", () => {
    // Reset links last an hour: asked for now, they expire at 01:00 UTC.
    it("is in Spanish for an admin who prefers Spanish, its expiry with its zone", async () => {
      const mail = await resetMail(await signUp((await invite(acme.master, "ES")).email, "ES"));
      expect(mail.subject).toBe("Restablezca su contraseña del Partner Portal");
      expect(mail.text).toContain("Alguien, esperamos que usted, ha pedido restablecer la contraseña de su cuenta del Partner Portal.");
      expect(mail.text).toContain("El enlace solo puede usarse una vez y caduca el 25 de diciembre de 2026, 01:00 UTC.");
      expect(mail.text).toMatch(/^Elegir una contraseña nueva: http\S+\/reset-password\?token=/m);
      expect(mail.html).toContain('<html lang="es">');
    });

    it("is in English for an admin who prefers English", async () => {
      const mail = await resetMail(await signUp((await invite(acme.master, "ES")).email, "EN"));
      expect(mail.subject).toBe("Reset your Partner Portal password");
      expect(mail.text).toContain("The link can be used once and expires on December 25, 2026, 01:00 UTC.");
      expect(mail.text).toMatch(/^Choose a new password: http\S+\/reset-password\?token=/m);
    });
  });

  describe("a low-credit warning", () => {
    it("reaches each recipient in their own language, with numbers and dates written their way", async () => {
      const warned = await portal.given.partner({ name: "Warned VAR" });
      const email = uniqueEmail("operator");
      expect((await portal.gql(op.inviteAdmin, { input: { email, role: "OPERATOR" } }, { token: warned.master.token })).data.inviteAdmin.userErrors).toEqual([]);
      const spanish = await signUp(email, "ES");
      // 2,500 credits at 2,000 a month pay December (not yet billed) and not January: they run out on 1 January, 7 days away.
      await portal.given.site(warned, { name: "Clínica Norte", credits: 2500, usage: { users: 0, devices: 2000 } });

      const inEnglish = await portal.mail.waitFor(warned.master.email, (m) => m.subject.includes("Clínica Norte"));
      expect(inEnglish.subject).toBe("Clínica Norte runs out of credits within 30 days");
      expect(inEnglish.text).toContain("The site Clínica Norte has 2,500 credits left and consumes 2,000 credits a month.");
      expect(inEnglish.text).toContain("At that rate its credits run out on January 1, 2027.");
      expect(inEnglish.text).toMatch(/^Open the site: http\S+\/sites\//m);

      const inSpanish = await portal.mail.waitFor(spanish.email, (m) => m.subject.includes("Clínica Norte"));
      expect(inSpanish.subject).toBe("A Clínica Norte se le acaban los créditos en menos de 30 días");
      expect(inSpanish.text).toContain("Al sitio Clínica Norte le quedan 2.500 créditos y consume 2.000 créditos al mes.");
      expect(inSpanish.text).toContain("A ese ritmo, sus créditos se agotan el 1 de enero de 2027.");
      expect(inSpanish.text).toMatch(/^Abrir el sitio: http\S+\/sites\//m);
      expect(inSpanish.html).toContain('<html lang="es">');
    });
  });

  describe("a site administrator invitation", () => {
    const site = (name: string, administratorEmail: string, administratorLanguage?: string) => ({
      name,
      country: "ES",
      timeZone: "Europe/Madrid",
      administratorEmail,
      ...(administratorLanguage ? { administratorLanguage } : {}),
    });

    it("is in the language chosen when creating the site", async () => {
      const email = uniqueEmail("site-admin");
      const created = await portal.gql(op.createSite, { input: site("Biblioteca", email, "ES") }, { token: acme.master.token });
      expect(created.data.createSite.userErrors).toEqual([]);
      expect(created.data.createSite.site.administrators).toEqual([{ email, language: "ES" }]);
      const mail = await portal.mail.waitFor(email);
      expect(mail.subject).toBe("Invitación para administrar Biblioteca");
      expect(mail.text).toContain("Acme le invita a administrar el sitio Biblioteca.");
      expect(mail.text).toContain("El enlace solo puede usarse una vez y caduca el 1 de enero de 2027, 00:00 UTC.");
      expect(mail.text).toMatch(/^Aceptar la invitación: http\S+\/site-invitation\?token=/m);
    });

    it("is in the language chosen when inviting someone to a site", async () => {
      const created = await portal.gql(op.createSite, { input: site("Library", uniqueEmail("site-admin"), "ES") }, { token: acme.master.token });
      const email = uniqueEmail("site-admin");
      const invited = await portal.gql(op.inviteSiteAdministrator, { input: { siteId: created.data.createSite.site.id, email, language: "EN" } }, { token: acme.master.token });
      expect(invited.data.inviteSiteAdministrator).toEqual({ siteAdministrator: { email, language: "EN" }, userErrors: [] });
      const mail = await portal.mail.waitFor(email);
      expect(mail.subject).toBe("You are invited to administer Library");
      expect(mail.text).toContain("Acme invites you to administer the site Library.");
      expect(mail.text).toContain("The link can be used once and expires on January 1, 2027, 00:00 UTC.");
      expect(mail.text).toMatch(/^Accept invitation: http\S+\/site-invitation\?token=/m);
    });

    it("is sent again in the language the person was invited in when none is chosen", async () => {
      const email = uniqueEmail("site-admin");
      const created = await portal.gql(op.createSite, { input: site("Archivo", email, "ES") }, { token: acme.master.token });
      const first = await portal.mail.waitFor(email);
      const again = await portal.gql(op.inviteSiteAdministrator, { input: { siteId: created.data.createSite.site.id, email } }, { token: acme.master.token });
      expect(again.data.inviteSiteAdministrator).toEqual({ siteAdministrator: { email, language: "ES" }, userErrors: [] });
      const resent = await portal.mail.waitFor(email, (m) => m !== first);
      expect(resent.subject).toBe("Invitación para administrar Archivo");
    });

    it("is in the caller's preferred language when none is chosen", async () => {
      await setLanguage(acme.master, "ES");
      try {
        const email = uniqueEmail("site-admin");
        const created = await portal.gql(op.createSite, { input: site("Museo", email) }, { token: acme.master.token });
        expect(created.data.createSite.site.administrators).toEqual([{ email, language: "ES" }]);
        expect((await portal.mail.waitFor(email)).subject).toBe("Invitación para administrar Museo");
        const another = uniqueEmail("site-admin");
        await portal.gql(op.inviteSiteAdministrator, { input: { siteId: created.data.createSite.site.id, email: another } }, { token: acme.master.token });
        expect((await portal.mail.waitFor(another)).subject).toBe("Invitación para administrar Museo");
      } finally {
        await setLanguage(acme.master, "EN");
      }
    });
  });
});
