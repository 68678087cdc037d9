import type { Portal } from "../support/harness";
import { ops } from "../support/operations";
import { BrowserPortal, describeInBrowser, linkPath, signIn, watchErrors } from "./support/browser";
import { midNextMonth } from "./support/sites-journeys";

/**
 * The README's pictures of a partner with real-looking data: the Sites screen on a desktop and
 * on a phone, and the page a site administrator's email opens. (Other journeys take the rest.)
 */
describeInBrowser("README screenshots with real-looking data", () => {
  let bp: BrowserPortal;
  let p: Portal;
  const now = midNextMonth();

  beforeAll(async () => {
    bp = await BrowserPortal.start();
    p = bp.portal;
    p.clock.moveTo(now);
  });

  afterAll(async () => {
    await bp?.stop();
  });

  it("shows a partner's sites on a desktop and a phone, and a site administrator's invitation page", async () => {
    const partner = await p.given.partner({ name: "Northwind Security" });
    await p.given.credits(partner, 12500);
    const sites = [
      { name: "Harbour Logistics — Warehouse 3", country: "ES", credits: 480, notes: "Night shift entrance by the loading bay; alarm code with the guard.", usage: { users: 42, devices: 18 } },
      { name: "Clínica Dental Sonrisa", country: "ES", credits: 36, notes: "Two doors, reception tablet.", usage: { users: 9, devices: 4 } },
      { name: "Lisbon Co-working Hub", country: "PT", credits: 1250, notes: "Members' app access; renew in March.", usage: { users: 310, devices: 25 } },
      { name: "Café Central", country: "FR", credits: 0, usage: { users: 3, devices: 1 } },
      { name: "Mercado Norte — Stall Access", country: "MX", credits: 2, notes: "Owner pays quarterly.", usage: { users: 15, devices: 6 } },
    ];
    for (const site of sites) await p.given.site(partner, site);
    // The café cannot pay its month: suspended.
    await p.platform(ops.runMonthlyBilling, { input: { month: now.toISOString().slice(0, 7) } });

    for (const phone of [false, true]) {
      const page = await bp.page({ phone });
      const errors = watchErrors(page);
      await page.clock.setFixedTime(now);
      await signIn(page, partner.master);
      await page.getByRole("button", { name: "Lisbon Co-working Hub" }).waitFor();
      await bp.screenshot(page, phone ? "sites-phone" : "sites-real");
      expect(errors).toEqual([]);
    }

    const invited = await p.given.site(partner, { name: "Bakery Ortiz", administratorEmail: "ana.ortiz@bakery.example" });
    const mail = await p.mail.waitFor(invited.administratorEmail, (m) => !!m.link?.includes("/site-invitation?token="));
    const page = await bp.page({ locale: "es-ES", phone: true });
    await page.goto(linkPath(mail.link!));
    await page.getByRole("button", { name: "Aceptar la invitación" }).waitFor();
    await bp.screenshot(page, "site-invitation-phone");
  });
});
