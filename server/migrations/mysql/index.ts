import { Initial1763900000000 } from "./1763900000000-Initial";
import { HostileWorld1763910000000 } from "./1763910000000-HostileWorld";

/** The mysql schema's migrations, oldest first. Generate a new one with `npm run migration:generate` (see README). */
export const mysqlMigrations = [Initial1763900000000, HostileWorld1763910000000];
