import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printPublicSchema } from "./schema";

/** npm run schema: writes schema.graphql at the project's root. */
const file = join(__dirname, "..", "..", "schema.graphql");
writeFileSync(file, printPublicSchema());
console.log(`wrote ${file}`);
