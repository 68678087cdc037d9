import type { Page } from "playwright-core";
import { uniqueEmail } from "../support/given";
import { BrowserPortal, describeInBrowser, linkPath, watchErrors } from "./support/browser";

describeInBrowser("registration from the invitation email", () => {
  let bp: BrowserPortal;
  beforeAll(async () => {
    bp = await BrowserPortal.start();
  });
  afterAll(() => bp?.stop());

  describe("as the first Master of a partner the platform has just created", () => {
    const masterEmail = uniqueEmail("first-master");
    let signUpLink: string;
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      const created = await bp.portal.platform(
        `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`,
        { input: { name: "Acme Security", country: "ES", masterEmail } },
      );
      expect(created.data.createPartner.userErrors).toEqual([]);
      const mail = await bp.portal.mail.waitFor(masterEmail, (m) => !!m.link?.includes("/sign-up?token="));
      signUpLink = linkPath(mail.link!);
      page = await bp.page();
      problems = watchErrors(page);
    });

    it("opens the email's Sign Up link on a page showing the invited email, partner and level, with both documents unticked", async () => {
      await page.goto(signUpLink);

      await page.getByRole("heading", { name: "Sign Up" }).waitFor();
      const invited = page.getByRole("definition");
      await expect(invited.allTextContents()).resolves.toEqual([masterEmail, "Acme Security", "Master"]);
      const privacy = page.getByRole("checkbox", { name: "I accept the Privacy Policy" });
      const terms = page.getByRole("checkbox", { name: "I accept the Terms of Usage" });
      expect(await privacy.isChecked()).toBe(false);
      expect(await terms.isChecked()).toBe(false);
      expect(await page.getByRole("link", { name: /Read the Privacy Policy/ }).getAttribute("href")).toBe("/privacy");
      expect(await page.getByRole("link", { name: /Read the Terms of Usage/ }).getAttribute("href")).toBe("/terms");
    });

    it("explains, next to each box, that both documents must be accepted", async () => {
      await page.getByLabel("Name").fill("Ana García");
      await page.getByLabel("Password").fill("a long enough password");
      await page.getByRole("button", { name: "Sign Up" }).click();

      // The server's answer takes a moment: wait for the messages to show (they must), then check them.
      await page.getByText("Accept the Privacy Policy to sign up.").waitFor({ state: "visible" });
      await expect(page.getByText("Accept the Privacy Policy to sign up.").isVisible()).resolves.toBe(true);
      await expect(page.getByText("Accept the Terms of Usage to sign up.").isVisible()).resolves.toBe(true);
      expect(await page.getByRole("checkbox", { name: "I accept the Privacy Policy" }).getAttribute("aria-invalid")).toBe("true");
      expect(new URL(page.url()).pathname).toBe("/sign-up");
    });

    it("signs up with both documents ticked and lands signed in on the Sites screen", async () => {
      await page.getByRole("checkbox", { name: "I accept the Privacy Policy" }).check();
      await page.getByRole("checkbox", { name: "I accept the Terms of Usage" }).check();
      await bp.screenshot(page, "sign-up");
      await page.getByRole("button", { name: "Sign Up" }).click();

      await page.getByText("Signed in as Ana García (Master)").waitFor();
      expect(new URL(page.url()).pathname).toBe("/sites");
      await expect(page.getByRole("link", { name: "Sites" }).getAttribute("aria-current")).resolves.toBe("page");
    });

    it("keeps the session only in an httpOnly cookie: the browser's storage holds nothing but the language", async () => {
      const cookies = await page.context().cookies();
      expect(cookies.length).toBeGreaterThan(0);
      expect(cookies.every((cookie) => cookie.httpOnly)).toBe(true);
      const stored = (await page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))")) as string[];
      expect(stored.filter((key) => key !== "portal.language")).toEqual([]);
      expect(await page.evaluate("document.cookie")).toBe("");
    });

    it("logs out, refuses a wrong password and logs in again with the chosen one", async () => {
      await page.getByRole("button", { name: "Log out" }).click();
      await page.getByRole("heading", { name: "Log in" }).waitFor();
      expect(await page.context().cookies()).toEqual([]);

      await page.getByLabel("Email").fill(masterEmail);
      await page.getByLabel("Password").fill("not the password at all");
      await bp.screenshot(page, "log-in");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("alert").getByText("The email or password is not correct.").waitFor();

      await page.getByLabel("Password").fill("a long enough password");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByText("Signed in as Ana García (Master)").waitFor();
    });

    it("shows a clear message when the used link is opened again, and no form", async () => {
      const again = await bp.page();
      const againProblems = watchErrors(again);
      await again.goto(signUpLink);

      await again.getByRole("alert").getByText(/This sign-up link is not valid: it has expired, was already used/).waitFor();
      expect(await again.getByRole("button", { name: "Sign Up" }).count()).toBe(0);
      expect(await again.getByLabel("Password").count()).toBe(0);
      expect(againProblems).toEqual([]);
    });

    it("shows the Privacy Policy and the Terms of Usage the boxes link to", async () => {
      const reader = await bp.page();
      const readerProblems = watchErrors(reader);
      await reader.goto("/privacy");
      await reader.getByRole("heading", { name: "Privacy Policy" }).waitFor();
      await expect(reader.getByText(/Your password is stored only as a one-way hash/).isVisible()).resolves.toBe(true);
      await reader.goto("/terms");
      await reader.getByRole("heading", { name: "Terms of Usage" }).waitFor();
      await expect(reader.getByText(/Your account is personal/).isVisible()).resolves.toBe(true);
      expect(readerProblems).toEqual([]);
    });

    it("reported no console error, page error or CSP violation", () => {
      expect(problems).toEqual([]);
    });
  });

  describe("anonymous, with a link that is not an invitation", () => {
    it("says the link is not valid", async () => {
      const page = await bp.page();
      const problems = watchErrors(page);
      await page.goto("/sign-up?token=not-a-real-token");
      await page.getByRole("alert").getByText(/This sign-up link is not valid/).waitFor();
      await page.goto("/sign-up");
      await page.getByRole("alert").getByText(/This sign-up link is incomplete/).waitFor();
      expect(problems).toEqual([]);
    });
  });

  it("logged no unexpected server error", () => {
    expect(bp.portal.errorsLogged).toEqual([]);
  });
});
