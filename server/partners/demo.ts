import { PartnerAdmin } from "../admins/admin.entity";
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

export interface DemoStart {
  /** Set when the demo partner was created by this start: its Master's sign-up link. */
  signUpUrl: string | null;
  /** How many demo sites this start created (0 once they exist). */
  sitesCreated: number;
}

/**
 * A newcomer's first minutes: on an empty development database, create a demo partner with
 * credits and a handful of clearly named demo sites with usage, and return its Master's
 * sign-up link. Never outside development (production, tests); safe at every start: an
 * existing demo partner is only completed if an earlier start stopped half-way, and a
 * database with other partners and no demo partner is left alone.
 */
export async function ensureDemoPartner(services: Services): Promise<DemoStart | null> {
  if (services.config.env !== "development") return null;
  const admins = services.dataSource.getRepository(PartnerAdmin);
  let signUpUrl: string | null = null;
  let master = await admins.findOneBy({ email: demo.partner.masterEmail, role: AdminRole.MASTER });
  if (!master) {
    if ((await services.partners.count()) > 0) return null;
    signUpUrl = (await services.partners.create(demo.partner)).signUpUrl;
    master = await admins.findOneByOrFail({ email: demo.partner.masterEmail, role: AdminRole.MASTER });
  }
  const partnerId = master.partnerId;
  // The key makes the grant happen once, however many starts ask for it.
  await services.credits.grant({ partnerId, ...demo.credits });
  // Sites only while the partner never had any: a demo site someone deleted stays deleted.
  if ((await services.dataSource.getRepository(Site).countBy({ partnerId })) > 0) return { signUpUrl, sitesCreated: 0 };
  for (const site of demo.sites) {
    const { site: created } = await services.sites.create(partnerId, master.id, { ...site, notes: demo.note, administratorLanguage: master.preferredLanguage });
    await services.sites.reportUsage({ siteId: created.id, userCount: site.users, deviceCount: site.devices });
  }
  return { signUpUrl, sitesCreated: demo.sites.length };
}
