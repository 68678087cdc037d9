import type { Locator, Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import { defaultPassword, uniqueEmail, type GivenPartner, type Session } from "../support/given";
import { BrowserPortal, describeInBrowser, linkPath, signIn, watchErrors } from "./support/browser";

/** Logs in through the Log in form and opens the Admin screen. */
async function openAdmins(bp: BrowserPortal, who: { email: string; password: string }): Promise<{ page: Page; problems: string[] }> {
  const page = await bp.page();
  const problems = watchErrors(page);
  await signIn(page, who, "/admins");
  await page.getByRole("heading", { name: "Admin" }).waitFor();
  await adminsTable(page).waitFor();
  return { page, problems };
}

const adminsTable = (page: Page): Locator => page.getByRole("table", { name: "Admin", exact: true });
const rowOf = (page: Page, email: string): Locator => adminsTable(page).getByRole("row").filter({ hasText: email });

/** The cells of an admin's row, as the person reads them. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.getByRole("cell").allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim());
}

describeInBrowser("the Admin screen", () => {
  let bp: BrowserPortal;
  let partner: GivenPartner;
  let operator: Session;
  let administrator: Session;
  let pending: { id: string; email: string };

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    const p = bp.portal;
    partner = await p.given.partner({ name: "Initech Security" });
    operator = await p.given.admin(partner, AdminRole.OPERATOR, { name: "Olga Operator" });
    administrator = await p.given.admin(partner, AdminRole.ADMINISTRATOR, { name: "Adam Administrator" });
    pending = await p.given.invitation(partner, AdminRole.OBSERVER);
    await p.mailSettled();
  });
  afterAll(() => bp?.stop());

  describe("as the partner's Master", () => {
    let page: Page;
    let problems: string[];
    beforeAll(async () => {
      ({ page, problems } = await openAdmins(bp, { email: partner.master.email, password: defaultPassword }));
    });

    it("lists every admin with name, email, level and state; the Master's own row offers no action", async () => {
      expect(await cells(rowOf(page, partner.master.email))).toEqual([
        "First Master (you)",
        partner.master.email,
        "Master",
        expect.stringMatching(/^Active Last log-in /),
        "",
      ]);
      expect(await cells(rowOf(page, operator.email))).toEqual([
        "Olga Operator",
        operator.email,
        "Operator",
        expect.stringMatching(/^Active /),
        expect.any(String),
      ]);
      const invited = await cells(rowOf(page, pending.email));
      expect(invited.slice(0, 3)).toEqual(["Not signed up yet", pending.email, "Observer"]);
      expect(invited[3]).toMatch(/^Invited, expires .+ Email delivered$/);
      expect(await rowOf(page, partner.master.email).getByRole("button").count()).toBe(0);
    });

    it("invites an admin at the chosen level with OK: the admin shows as invited, the email arrives and the invitee signs up from it", async () => {
      const email = uniqueEmail("new-operator");
      await page.getByRole("button", { name: "Invite", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Invite an admin" });
      await dialog.waitFor();
      expect(await dialog.getByLabel("Level").locator("option").allTextContents()).toEqual(["Observer", "Operator", "Administrator", "Master"]);
      await dialog.getByLabel("Level").selectOption({ label: "Operator" });
      await dialog.getByLabel("Email").fill(email);
      await bp.screenshot(page, "invite-admin");
      await dialog.getByRole("button", { name: "OK" }).click();

      await page.getByRole("status").getByText(`Invitation sent to ${email}.`).waitFor();
      expect(await dialog.isVisible()).toBe(false);
      const row = rowOf(page, email);
      await row.waitFor();
      expect((await cells(row)).slice(0, 3)).toEqual(["Not signed up yet", email, "Operator"]);
      expect((await cells(row))[3]).toMatch(/^Invited, expires /);

      const mail = await bp.portal.mail.waitFor(email, (m) => !!m.link?.includes("/sign-up?token="));
      expect(mail.text).toContain("as Operator");
      await bp.portal.mailSettled();
      await page.getByRole("button", { name: "Refresh" }).click();
      await row.getByText("Email delivered").waitFor();

      const invitee = await bp.page();
      const inviteeProblems = watchErrors(invitee);
      await invitee.goto(linkPath(mail.link!));
      await expect(invitee.getByRole("definition").allTextContents()).resolves.toEqual([email, "Initech Security", "Operator"]);
      await invitee.getByLabel("Name").fill("Nina Newcomer");
      await invitee.getByLabel("Password").fill("another long password");
      await invitee.getByRole("checkbox", { name: "I accept the Privacy Policy" }).check();
      await invitee.getByRole("checkbox", { name: "I accept the Terms of Usage" }).check();
      await invitee.getByRole("button", { name: "Sign Up" }).click();
      await invitee.getByText("Signed in as Nina Newcomer (Operator)").waitFor();
      expect(inviteeProblems).toEqual([]);

      await page.getByRole("button", { name: "Refresh" }).click();
      await row.getByText("Nina Newcomer").waitFor();
      expect((await cells(row)).slice(0, 4)).toEqual(["Nina Newcomer", email, "Operator", expect.stringMatching(/^Active /)]);
    });

    it("shows the server's refusal next to the email when the address is already an admin", async () => {
      await page.getByRole("button", { name: "Invite", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Invite an admin" });
      await dialog.getByLabel("Email").fill(operator.email);
      await dialog.getByRole("button", { name: "OK" }).click();

      await dialog.getByText("This person is already an admin of your partner.").waitFor();
      expect(await dialog.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
      await page.keyboard.press("Escape");
      expect(await dialog.isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Invite", exact: true }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    });

    it("resends a pending invitation: a new email arrives and the earlier link stops working", async () => {
      const firstLink = (await bp.portal.mail.waitFor(pending.email)).link!;
      await rowOf(page, pending.email).getByRole("button", { name: `Resend invitation to ${pending.email}` }).click();

      await page.getByRole("status").getByText(`A new invitation was sent to ${pending.email}; the earlier link no longer works.`).waitFor();
      const second = await bp.portal.mail.waitFor(pending.email, (m) => m.link !== firstLink);
      expect(bp.portal.mail.to(pending.email)).toHaveLength(2);
      const token = (link: string) => new URL(link).searchParams.get("token");
      const preview = `query($token: String!) { invitation(token: $token) { email } }`;
      expect((await bp.portal.gql(preview, { token: token(firstLink) })).data.invitation).toBeNull();
      expect((await bp.portal.gql(preview, { token: token(second.link!) })).data.invitation).toEqual({ email: pending.email });
    });

    it("changes an admin's level", async () => {
      await rowOf(page, operator.email).getByRole("button", { name: "Change level of Olga Operator" }).click();
      const dialog = page.getByRole("dialog", { name: "Change the level of Olga Operator" });
      await dialog.getByLabel("New level").selectOption({ label: "Administrator" });
      await dialog.getByRole("button", { name: "Change level" }).click();

      await page.getByRole("status").getByText("Olga Operator is now Administrator.").waitFor();
      await rowOf(page, operator.email).getByRole("cell", { name: "Administrator", exact: true }).waitFor();
      const admins = await bp.portal.gql(`{ admins { email role } }`, {}, { token: partner.master.token });
      expect(admins.data.admins).toContainEqual({ email: operator.email, role: "ADMINISTRATOR" });
    });

    it("revokes a pending invitation after a confirmation naming it", async () => {
      await rowOf(page, pending.email).getByRole("button", { name: `Revoke invitation of ${pending.email}` }).click();
      const dialog = page.getByRole("dialog", { name: "Revoke the invitation?" });
      await dialog.getByText(`Revoke the invitation of ${pending.email}?`).waitFor();
      await dialog.getByRole("button", { name: "Revoke invitation" }).click();

      await page.getByRole("status").getByText(`The invitation of ${pending.email} was revoked.`).waitFor();
      await rowOf(page, pending.email).waitFor({ state: "detached" });
      const link = bp.portal.mail.to(pending.email).at(-1)!.link!;
      const preview = await bp.portal.gql(`query($token: String!) { invitation(token: $token) { email } }`, { token: new URL(link).searchParams.get("token") });
      expect(preview.data.invitation).toBeNull();
    });

    it("removes an admin only after a confirmation naming them; Escape keeps them", async () => {
      const remove = rowOf(page, operator.email).getByRole("button", { name: "Remove Olga Operator" });
      await remove.click();
      const dialog = page.getByRole("dialog", { name: "Remove this admin?" });
      await dialog.getByText(`Remove Olga Operator (${operator.email}) from the Partner Portal?`).waitFor();
      await page.keyboard.press("Escape");
      expect(await dialog.isVisible()).toBe(false);
      expect(await rowOf(page, operator.email).count()).toBe(1);
      expect(await remove.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);

      await remove.press("Enter");
      await dialog.getByRole("button", { name: "Remove", exact: true }).click();

      await page.getByRole("status").getByText("Olga Operator was removed.").waitFor();
      await rowOf(page, operator.email).waitFor({ state: "detached" });
      await bp.screenshot(page, "admins");
      const logIn = await bp.portal.gql(`mutation($input: LogInInput!) { logIn(input: $input) { userErrors { code } } }`, {
        input: { email: operator.email, password: defaultPassword },
      });
      expect(logIn.data.logIn.userErrors).toEqual([{ code: "INVALID_CREDENTIALS" }]);
    });

    it("creates an API token whose secret is shown once and works, then revokes it", async () => {
      await page.getByRole("button", { name: "Create API token" }).click();
      const dialog = page.getByRole("dialog", { name: "Create an API token" });
      expect(await dialog.getByLabel("Level").locator("option").allTextContents()).toEqual(["Observer", "Operator", "Administrator"]);
      await dialog.getByLabel("Name", { exact: true }).fill("Billing sync");
      await dialog.getByLabel("Level").selectOption({ label: "Operator" });
      await dialog.getByRole("button", { name: "Create", exact: true }).click();

      const secret = await dialog.getByLabel("Secret").inputValue();
      expect(secret.length).toBeGreaterThan(20);
      await dialog.getByText("it is shown only this once").waitFor();
      const asToken = await bp.portal.gql(`{ partner { name } }`, {}, { token: secret });
      expect(asToken.data?.partner).toEqual({ name: "Initech Security" });
      await dialog.getByRole("button", { name: "Done" }).click();
      expect(await dialog.isVisible()).toBe(false);

      const tokens = page.getByRole("table", { name: "API tokens" });
      const row = tokens.getByRole("row").filter({ hasText: "Billing sync" });
      await row.waitFor();
      expect((await cells(row)).slice(0, 3)).toEqual(["Billing sync", "Operator", expect.stringMatching(/ by First Master$/)]);
      expect(await page.getByText(secret).count()).toBe(0);

      await row.getByRole("button", { name: "Revoke API token Billing sync" }).click();
      const confirm = page.getByRole("dialog", { name: "Revoke the API token?" });
      await confirm.getByText("Revoke the API token “Billing sync”?").waitFor();
      await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
      await page.getByRole("status").getByText("API token “Billing sync” revoked.").waitFor();
      await row.getByText(/^Revoked /).waitFor();
      expect(await row.getByRole("button").count()).toBe(0);
      const refused = await bp.portal.gql(`{ partner { name } }`, {}, { token: secret });
      expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("reported no console error, page error or CSP violation", () => {
      expect(problems).toEqual([]);
    });
  });

  describe("as an Administrator", () => {
    let page: Page;
    let problems: string[];
    beforeAll(async () => {
      ({ page, problems } = await openAdmins(bp, { email: administrator.email, password: defaultPassword }));
    });

    it("can invite up to Administrator, never Master", async () => {
      await page.getByRole("button", { name: "Invite", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Invite an admin" });
      expect(await dialog.getByLabel("Level").locator("option").allTextContents()).toEqual(["Observer", "Operator", "Administrator"]);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      expect(await dialog.isVisible()).toBe(false);
    });

    it("is offered no action on the Master nor on themselves", async () => {
      expect(await rowOf(page, partner.master.email).getByRole("button").count()).toBe(0);
      expect(await rowOf(page, administrator.email).getByRole("button").count()).toBe(0);
      expect(await cells(rowOf(page, administrator.email))).toEqual([
        "Adam Administrator (you)",
        administrator.email,
        "Administrator",
        expect.stringMatching(/^Active /),
        "",
      ]);
    });

    it("may change another admin's level, but not to Master", async () => {
      const newcomer = rowOf(page, "new-operator");
      await newcomer.getByRole("button", { name: "Change level of Nina Newcomer" }).click();
      const dialog = page.getByRole("dialog", { name: "Change the level of Nina Newcomer" });
      expect(await dialog.getByLabel("New level").locator("option").allTextContents()).toEqual(["Observer", "Administrator"]);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      expect(await newcomer.getByRole("button", { name: "Remove Nina Newcomer" }).count()).toBe(1);
    });

    it("reported no console error, page error or CSP violation", () => {
      expect(problems).toEqual([]);
    });
  });

  describe("as an Operator", () => {
    it("sees the admins but no Invite and no action on anyone", async () => {
      const newcomer = await bp.portal.given.admin(partner, AdminRole.OPERATOR, { name: "Otto Operator" });
      const { page, problems } = await openAdmins(bp, newcomer);

      expect(await cells(rowOf(page, partner.master.email))).toEqual(expect.arrayContaining(["First Master", "Master"]));
      expect(await page.getByRole("button", { name: "Invite", exact: true }).count()).toBe(0);
      expect(await adminsTable(page).getByRole("button").count()).toBe(0);
      expect(await page.getByRole("heading", { name: "API tokens" }).count()).toBe(0);
      expect(problems).toEqual([]);
    });
  });

  it("logged no unexpected server error", () => {
    expect(bp.portal.errorsLogged).toEqual([]);
  });
});
