import type { Page } from "playwright-core";
import { AdminRole } from "../../server/roles";
import type { GivenPartner, GivenSite, Session } from "../support/given";
import type { Portal } from "../support/harness";
import { accessibilityProblems, BrowserPortal, describeInBrowser, devices, scrollsSideways, watchErrors } from "./support/browser";
import { eventually } from "./support/sites-journeys";

/**
 * Issue 11, "Errors people can read": bad input and refusals read as sentences in the person's
 * language, under the field they are about, and change nothing; no GraphQL text ever shows.
 */
const words = {
  en: {
    locale: "en-GB",
    site: (name: string) => `Site: ${name}`,
    amount: "Number of credits",
    add: "Add credits",
    takeBack: "Take credits back",
    reclaim: "Take credits back to the pool",
    allocate: "Add credits from the pool",
    wholeNumber: "Enter a whole number of credits from 1 to 1,000,000,000.",
    poolShort: "Your pool has only 1,500 unallocated credits.",
    siteShort: "The site has only 10 credits to take back.",
    done: "Done: the site has 15 credits and your pool 1,495.",
    logIn: "Log in",
    email: "Email",
    password: "Password",
    emailProblem: "Enter your email address, such as name@example.com.",
    passwordProblem: "Enter your password.",
    levelChanged: "Your level is now Observer: only what it allows is offered.",
    signedInAsObserver: (name: string) => `Signed in as ${name} (Observer)`,
  },
  es: {
    locale: "es-ES",
    site: (name: string) => `Sitio: ${name}`,
    amount: "Número de créditos",
    add: "Agregar créditos",
    takeBack: "Devolver créditos",
    reclaim: "Devolver créditos a la reserva",
    allocate: "Agregar créditos de la reserva",
    wholeNumber: "Introduzca un número entero de créditos de 1 a 1.000.000.000.",
    poolShort: "Su reserva solo tiene 1.500 créditos sin asignar.",
    siteShort: "El sitio solo tiene 10 créditos para devolver.",
    done: "Hecho: el sitio tiene 15 créditos y su reserva 1.495.",
    logIn: "Iniciar sesión",
    email: "Correo electrónico",
    password: "Contraseña",
    emailProblem: "Escriba su correo electrónico, como nombre@ejemplo.com.",
    passwordProblem: "Escriba su contraseña.",
    levelChanged: "Su nivel ahora es Observador: solo se ofrece lo que permite.",
    signedInAsObserver: (name: string) => `Sesión iniciada como ${name} (Observador)`,
  },
} as const;

/** Nothing of GraphQL's or the server's own English may reach a person. */
const rawText = /Variable "\$|cannot represent|GraphQL|OPERATOR|OBSERVER|INVALID_|INSUFFICIENT_/;

describeInBrowser("errors people can read", () => {
  let bp: BrowserPortal;
  let p: Portal;

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
  });

  afterAll(async () => {
    await bp?.stop();
  });

  describe.each(Object.entries(words))("in %s", (language, w) => {
    describe.each(devices)("on a %s", (device, { phone }) => {
      let partner: GivenPartner;
      let site: GivenSite;
      let operator: Session;
      let page: Page;
      let errors: string[];

      const dialog = () => page.getByRole("dialog", { name: w.site(site.name) });
      const amount = () => dialog().getByLabel(w.amount);
      const amountError = () => dialog().locator("#move-amount-error");
      const balances = async () => {
        const answer = await p.gql(`query($id: ID!) { partner { unallocatedCredits } site(id: $id) { credits } }`, { id: site.id }, { token: operator.token });
        return answer.data;
      };
      const pageText = () => page.locator("body").innerText();

      beforeAll(async () => {
        partner = await p.given.partner({ name: `Errors ${language} ${device}` });
        await p.given.credits(partner, 1500);
        site = await p.given.site(partner, { name: "Alpha Warehouse", credits: 10 });
        operator = await p.given.admin(partner, AdminRole.OPERATOR, { name: "Olga Operator" });
        page = await bp.page({ locale: w.locale, phone });
        errors = watchErrors(page);
      });

      afterAll(() => {
        expect(errors).toEqual([]);
      });

      it("checks the log-in form itself: every problem under its field, marked invalid, in words, without the browser's bubbles", async () => {
        await page.goto("/");
        await page.getByRole("button", { name: w.logIn }).click();
        const email = page.getByLabel(w.email);
        const password = page.getByLabel(w.password);
        await eventually(() => email.getAttribute("aria-invalid"), "true");
        expect(await password.getAttribute("aria-invalid")).toBe("true");
        expect(await page.locator(`[id="${await email.getAttribute("aria-describedby")}"]`).innerText()).toBe(w.emailProblem);
        expect(await page.locator(`[id="${await password.getAttribute("aria-describedby")}"]`).innerText()).toBe(w.passwordProblem);
        expect(await page.locator("form").getAttribute("novalidate")).not.toBeNull();
        // A visible invalid style, not only the attribute.
        expect(await email.evaluate((input) => input.ownerDocument.defaultView!.getComputedStyle(input).borderTopColor)).toBe("rgb(185, 28, 28)");
        expect(await accessibilityProblems(page)).toEqual([]);
        expect(await scrollsSideways(page)).toBe(false);
      });

      it("refuses 999999999999, 1.5, -5 and 0 credits under the field, in words, moving nothing", async () => {
        await page.getByLabel(w.email).fill(operator.email);
        await page.getByLabel(w.password).fill(operator.password);
        await page.getByRole("button", { name: w.logIn }).click();
        await page.getByRole("button", { name: site.name }).click();
        await dialog().waitFor();
        const before = await balances();
        for (const typed of ["999999999999", "1.5", "-5", "0"]) {
          await amount().fill(typed);
          await dialog().getByRole("button", { name: w.add }).click();
          await eventually(() => amountError().innerText(), w.wholeNumber);
          expect(await amount().getAttribute("aria-invalid")).toBe("true");
          expect(await pageText()).not.toMatch(rawText);
        }
        expect(await balances()).toEqual(before);
        expect(await accessibilityProblems(page)).toEqual([]);
        expect(await scrollsSideways(page)).toBe(false);
      });

      it("words the server's refusal with its figures formatted like the screen, the same way as the preview", async () => {
        await amount().fill("2000");
        // The preview says it before sending…
        await dialog().locator("#move-preview").getByText(w.poolShort).waitFor();
        await dialog().getByRole("button", { name: w.add }).click();
        // …and the server's refusal, sent anyway, reads the same, under the field.
        await eventually(() => amountError().innerText(), w.poolShort);
        expect(await pageText()).not.toMatch(rawText);
        expect(await balances()).toEqual({ partner: { unallocatedCredits: 1500 }, site: { credits: 10 } });
      });

      it("takes away the earlier success when the next move is refused", async () => {
        await amount().fill("5");
        await dialog().getByRole("button", { name: w.add }).click();
        await dialog().getByRole("status").getByText(w.done).waitFor();
        await dialog().getByRole("radio", { name: w.reclaim }).check();
        await amount().fill("16");
        await dialog().getByRole("button", { name: w.takeBack }).click();
        await eventually(() => amountError().innerText(), w.siteShort.replace("10", "15"));
        expect(await dialog().getByText(w.done).count()).toBe(0);
        await amount().fill("-5");
        await dialog().getByRole("button", { name: w.takeBack }).click();
        await eventually(() => amountError().innerText(), w.wholeNumber);
        expect(await dialog().getByText(w.done).count()).toBe(0);
        await dialog().getByRole("radio", { name: w.allocate }).check();
      });

      it("shows a demoted person their new level in the header and the refusal in words", async () => {
        const master = partner.master;
        const demoted = await p.gql(
          `mutation($input: ChangeAdminRoleInput!) { changeAdminRole(input: $input) { userErrors { code } } }`,
          { input: { adminId: operator.id, role: "OBSERVER" } },
          { token: master.token },
        );
        expect(demoted.data.changeAdminRole.userErrors).toEqual([]);
        await amount().fill("1");
        await dialog().getByRole("button", { name: w.add }).click();
        await page.getByText(w.signedInAsObserver("Olga Operator")).waitFor();
        await page.getByRole("status").getByText(w.levelChanged).waitFor();
        expect(await pageText()).not.toMatch(rawText);
        expect(await balances()).toEqual({ partner: { unallocatedCredits: 1495 }, site: { credits: 15 } });
        // The refusal itself: the server answers 403, which Chromium notes in the console.
        errors.splice(0, errors.length, ...errors.filter((problem) => !problem.includes("status of 403")));
      });
    });
  });
});
