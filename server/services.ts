import type { DataSource } from "typeorm";
import { AdminsService } from "./admins/admins.service";
import { AuthService } from "./auth/auth.service";
import { LoginThrottleService } from "./auth/login-throttle";
import { Sessions } from "./auth/sessions";
import type { Clock } from "./clock";
import type { Config } from "./config";
import { Transactor } from "./database";
import { Outbox } from "./mail/outbox";
import { PartnersService } from "./partners/partners.service";

export interface ServiceDeps {
  config: Config & { jwtSecret: string };
  dataSource: DataSource;
  clock: Clock;
}

/** Every service, wired once at start-up (and once per test server). */
export function createServices({ config, dataSource, clock }: ServiceDeps) {
  const transactor = new Transactor(dataSource);
  const outbox = new Outbox(clock);
  const sessions = new Sessions(config.jwtSecret, config.jwtTtlSeconds, clock);
  const throttle = new LoginThrottleService(dataSource, clock);
  const admins = new AdminsService({ dataSource, transactor, outbox, clock, config });
  const partners = new PartnersService({ dataSource, transactor, outbox, clock, admins });
  const auth = new AuthService({ dataSource, transactor, clock, sessions, throttle });
  return { config, dataSource, clock, transactor, outbox, sessions, throttle, admins, partners, auth };
}

export type Services = ReturnType<typeof createServices>;
