import { PartnerAdmin } from "../admins/admin.entity";
import { AuditActorKind } from "../audit/audit-entry.entity";
import { actingAsSystem } from "../audit/audit.service";
import { AdminRole } from "../roles";
import type { Services } from "../services";
import { Site } from "../sites/site.entity";

/** The demo partner of a development start, and what it is given so its first screen is alive. */
export const demo = {
  partner: { name: "Demo VAR", country: "ES", masterEmail: "master@demo-var.example" },
  credits: { credits: 5000, reference: "Demo credits", idempotencyKey: "demo-var-first-credits" },
  note: "Demo site with made-up usage, created at the portal's first start. Delete it whenever you like.",
  sites: [
    { name: "Demo · Hotel Mirador", country: "ES", timeZone: "Europe/Madrid", administratorEmail: "it@hotel-mirador.example", credits: 1200, users: 350, devices: 48 },
    { name: "Demo · Oficinas Centro", country: "ES", timeZone: "Europe/Madrid", administratorEmail: "facilities@oficinas-centro.example", credits: 300, users: 120, devices: 25 },
    { name: "Demo · Gimnasio Norte", country: "ES", timeZone: "Europe/Madrid", administratorEmail: "admin@gimnasio-norte.example", credits: 20, users: 800, devices: 18 },
    { name: "Demo · Colegio San Luis", country: "MX", timeZone: "America/Mexico_City", administratorEmail: "sistemas@colegio-san-luis.example", credits: 40, users: 60, devices: 12 },
  ],
};

/** What the audit log names as the actor of the demo set-up. */
const demoSetUp = actingAsSystem(AuditActorKind.PLATFORM, "demo set-up");

/**
 * A newcomer's first minute: on an empty development database, create a demo partner
 * and return its Master's sign-up link, so a person can sign up and explore at once.
 */
export async function ensureDemoPartner(services: Services): Promise<string | null> {
  if (services.config.env !== "development" || (await services.partners.count()) > 0) return null;
  const { signUpUrl } = await services.partners.create(demoSetUp, demo.partner);
  return signUpUrl;
}

/**
 * So the demo partner's first screen is alive: credits and a handful of clearly named demo
 * sites with usage. Only in development (never in production or tests) and only for the
 * demo partner; safe at every start: the credits are granted once (an idempotency key), and
 * sites are made only while the partner never had any, so a demo site someone deleted
 * stays deleted. Returns how many sites it made.
 */
export async function ensureDemoData(services: Services): Promise<number> {
  if (services.config.env !== "development") return 0;
  const master = await services.dataSource.getRepository(PartnerAdmin).findOneBy({ email: demo.partner.masterEmail, role: AdminRole.MASTER });
  if (!master) return 0;
  const partnerId = master.partnerId;
  await services.credits.grant(demoSetUp, { partnerId, ...demo.credits });
  if ((await services.dataSource.getRepository(Site).countBy({ partnerId })) > 0) return 0;
  for (const site of demo.sites) {
    const { site: created } = await services.sites.create(demoSetUp, partnerId, master.id, { ...site, notes: demo.note, administratorLanguage: master.preferredLanguage });
    await services.sites.reportUsage(demoSetUp, { siteId: created.id, userCount: site.users, deviceCount: site.devices });
  }
  return demo.sites.length;
}
