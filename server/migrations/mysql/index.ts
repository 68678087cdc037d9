import { Initial1763900000000 } from "./1763900000000-Initial";
import { HostileWorld1763910000000 } from "./1763910000000-HostileWorld";
import { OneInvitationPerPerson1764490000000 } from "./1764490000000-OneInvitationPerPerson";
import { ExactKeys1764620000000 } from "./1764620000000-ExactKeys";
import { SharedRateLimits1764630000000 } from "./1764630000000-SharedRateLimits";
import { ServerSessions1764640000000 } from "./1764640000000-ServerSessions";
import { BilledThrough1764650000000 } from "./1764650000000-BilledThrough";
import { SpentSiteInvitationLinks1764660000000 } from "./1764660000000-SpentSiteInvitationLinks";
import { PreferredLanguage1764670000000 } from "./1764670000000-PreferredLanguage";

/** The mysql schema's migrations, oldest first. A schema change adds one file here and its twin in the other dialect's folder, and matches the entities. */
export const mysqlMigrations = [
  Initial1763900000000,
  HostileWorld1763910000000,
  OneInvitationPerPerson1764490000000,
  ExactKeys1764620000000,
  SharedRateLimits1764630000000,
  ServerSessions1764640000000,
  BilledThrough1764650000000,
  SpentSiteInvitationLinks1764660000000,
  PreferredLanguage1764670000000,
];
