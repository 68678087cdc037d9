import type { Page } from "playwright-core";
import { defaultPassword, uniqueEmail, type GivenPartner } from "../support/given";
import { BrowserPortal, describeInBrowser, linkPath, logIn, watchErrors } from "./support/browser";

describeInBrowser("a forgotten password", () => {
  let bp: BrowserPortal;
  let partner: GivenPartner;
  beforeAll(async () => {
    bp = await BrowserPortal.start();
    partner = await bp.portal.given.partner();
    await bp.portal.mailSettled();
  });
  afterAll(() => bp?.stop());

  describe("as a Master who forgot the password", () => {
    const newPassword = "a brand new passphrase";
    let page: Page;
    let problems: string[];
    let resetLink: string;
    let elsewhere: Page;

    beforeAll(async () => {
      page = await bp.page();
      problems = watchErrors(page);
      // The same Master, signed in on another browser before the reset.
      elsewhere = await bp.page();
      await elsewhere.goto("/sites");
      await logIn(elsewhere, { email: partner.master.email, password: defaultPassword });
      await elsewhere.getByText("Signed in as First Master (Master)").waitFor();
    });

    it("asks for the email from the Log in form's “Forgot your password?” link and gives the same answer whoever it is", async () => {
      await page.goto("/");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByRole("heading", { name: "Forgotten password" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/reset-password");

      await page.getByLabel("Email").fill(partner.master.email);
      await page.getByRole("button", { name: "Send the link" }).click();
      const answer = await page.getByRole("status").filter({ hasText: "an email with a link to choose a new password is on its way" }).innerText();
      expect(answer).toContain(`If ${partner.master.email} belongs to an admin of the portal`);

      const stranger = uniqueEmail("nobody");
      const other = await bp.page();
      await other.goto("/reset-password");
      await other.getByLabel("Email").fill(stranger);
      await other.getByRole("button", { name: "Send the link" }).click();
      const strangerAnswer = await other.getByRole("status").filter({ hasText: "is on its way" }).innerText();
      expect(strangerAnswer.replace(stranger, "…")).toBe(answer.replace(partner.master.email, "…"));

      const mail = await bp.portal.mail.waitFor(partner.master.email, (m) => !!m.link?.includes("/reset-password?token="));
      resetLink = linkPath(mail.link!);
      await bp.portal.mailSettled();
      expect(bp.portal.mail.to(stranger)).toEqual([]);
    });

    it("sets a new password from the emailed link, with the length rule shown next to the field", async () => {
      await page.goto(resetLink);
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
      await page.getByLabel("New password", { exact: true }).fill("short");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByText("Choose a password of 10 to 200 characters.").waitFor();
      expect(await page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid")).toBe("true");

      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await bp.screenshot(page, "reset-password");
      await page.getByRole("button", { name: "Save the new password" }).click();
      await page.getByRole("status").getByText("Your password has been changed").waitFor();
    });

    it("logs in with the new password, not the old one", async () => {
      await page.getByRole("link", { name: "Log in" }).click();
      await page.getByRole("heading", { name: "Log in" }).waitFor();
      await logIn(page, { email: partner.master.email, password: defaultPassword });
      await page.getByRole("alert").getByText("The email or password is not correct.").waitFor();

      await logIn(page, { email: partner.master.email, password: newPassword });
      await page.getByText("Signed in as First Master (Master)").waitFor();
    });

    it("ended the session the Master had open elsewhere", async () => {
      await elsewhere.reload();
      await elsewhere.getByRole("heading", { name: "Log in" }).waitFor();
    });

    it("says clearly that a link used twice no longer works, and offers a new one", async () => {
      const again = await bp.page();
      const againProblems = watchErrors(again);
      await again.goto(resetLink);
      await again.getByLabel("New password", { exact: true }).fill("yet another passphrase");
      await again.getByRole("button", { name: "Save the new password" }).click();

      await again.getByRole("alert").getByText(/This password-reset link is no longer valid: it was already used/).waitFor();
      expect(await again.getByLabel("New password", { exact: true }).count()).toBe(0);
      await again.getByRole("link", { name: "Ask for a new link" }).click();
      await again.getByRole("heading", { name: "Forgotten password" }).waitFor();
      expect(againProblems).toEqual([]);

      const stillNew = await bp.portal.gql(`mutation($input: LogInInput!) { logIn(input: $input) { userErrors { code } } }`, {
        input: { email: partner.master.email, password: newPassword },
      });
      expect(stillNew.data.logIn.userErrors).toEqual([]);
    });

    it("reported no console error, page error or CSP violation", () => {
      expect(problems).toEqual([]);
    });
  });

  it("logged no unexpected server error", () => {
    expect(bp.portal.errorsLogged).toEqual([]);
  });
});
