import { AuditActorKind } from "../audit/audit-entry.entity";
import { actingAsSystem } from "../audit/audit.service";
import type { Services } from "../services";

/**
 * A newcomer's first minute: on an empty development database, create a demo partner
 * and return its Master's sign-up link, so a person can sign up and explore at once.
 */
export async function ensureDemoPartner(services: Services): Promise<string | null> {
  if (services.config.env !== "development" || (await services.partners.count()) > 0) return null;
  const { signUpUrl } = await services.partners.create(actingAsSystem(AuditActorKind.PLATFORM, "demo set-up"), { name: "Demo VAR", country: "ES", masterEmail: "master@demo-var.example" });
  return signUpUrl;
}
