import type { DataSource } from "typeorm";
import { AdminsService } from "./admins/admins.service";
import { AuthService } from "./auth/auth.service";
import { LoginThrottleService } from "./auth/login-throttle";
import { PasswordResetService } from "./auth/password-reset.service";
import { Sessions } from "./auth/sessions";
import type { Clock } from "./clock";
import type { Config } from "./config";
import { Transactor } from "./database";
import { Outbox } from "./mail/outbox";
import { AuditService } from "./audit/audit.service";
import { BillingService } from "./billing/billing.service";
import { LowCreditWarnings } from "./sites/low-credit-warnings";
import { CreditsService } from "./credits/credits.service";
import { PartnersService } from "./partners/partners.service";
import { SitesService } from "./sites/sites.service";
import { ApiTokensService } from "./tokens/api-tokens.service";

export interface ServiceDeps {
  config: Config & { jwtSecret: string };
  dataSource: DataSource;
  clock: Clock;
}

/** Every service, wired once at start-up (and once per test server). */
export function createServices({ config, dataSource, clock }: ServiceDeps) {
  const transactor = new Transactor(dataSource);
  const outbox = new Outbox(clock);
  const sessions = new Sessions({ dataSource, clock, secret: config.jwtSecret, ttlSeconds: config.jwtTtlSeconds });
  const throttle = new LoginThrottleService(dataSource, clock);
  // Every change writes its audit row in its own transaction (see AuditService.record).
  const audit = new AuditService({ dataSource, transactor, clock });
  const admins = new AdminsService({ dataSource, transactor, outbox, clock, config, audit });
  const partners = new PartnersService({ dataSource, transactor, outbox, clock, admins, audit });
  const auth = new AuthService({ dataSource, transactor, clock, sessions, throttle, audit });
  const warnings = new LowCreditWarnings({ clock, outbox, config });
  const credits = new CreditsService({ dataSource, transactor, clock, warnings, audit });
  const sites = new SitesService({ dataSource, transactor, outbox, clock, config, credits, warnings, audit });
  const billing = new BillingService({ dataSource, transactor, clock, outbox, warnings, credits });
  const apiTokens = new ApiTokensService({ dataSource, transactor, clock, audit });
  const passwordReset = new PasswordResetService({ dataSource, transactor, outbox, clock, config, throttle, sessions, apiTokens, audit });
  return { config, dataSource, clock, transactor, outbox, sessions, throttle, admins, partners, auth, credits, sites, billing, apiTokens, passwordReset, audit };
}

export type Services = ReturnType<typeof createServices>;
