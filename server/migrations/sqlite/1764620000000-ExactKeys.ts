import { MigrationInterface } from "typeorm";

/**
 * The MySQL twin makes idempotency keys, grant references and token hashes compare byte for byte.
 * SQLite's columns already do: their default collation, BINARY, compares bytes (memcmp), so case,
 * accents and trailing spaces all count. Nothing to change here.
 */
export class ExactKeys1764620000000 implements MigrationInterface {
    name = 'ExactKeys1764620000000'

    public async up(): Promise<void> {}

    public async down(): Promise<void> {}
}
