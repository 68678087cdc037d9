import { MigrationInterface, QueryRunner } from "typeorm";

/** The varchar columns of keys compared for identity (see exactKey in server/database.ts). */
const exactKeyColumns: Array<[table: string, column: string, length: number, nullability: "NULL" | "NOT NULL"]> = [
    ["credit_transaction", "idempotency_key", 100, "NULL"],
    ["credit_transaction", "reference", 200, "NULL"],
    ["partner_admin", "invitation_token_hash", 64, "NULL"],
    ["partner_admin", "reset_token_hash", 64, "NULL"],
    ["site_administrator", "token_hash", 64, "NULL"],
    ["api_token", "secret_hash", 64, "NOT NULL"],
];

async function collateKeys(queryRunner: QueryRunner, collation: string): Promise<void> {
    for (const [table, column, length, nullability] of exactKeyColumns)
        await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` varchar(${length}) CHARACTER SET utf8mb4 COLLATE ${collation} ${nullability}`);
}

/**
 * The server's binary NO PAD collation: MariaDB calls it utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin
 * (utf8mb4_bin, which both have, still ignores trailing spaces).
 */
async function exactCollation(queryRunner: QueryRunner): Promise<string> {
    for (const collation of ["utf8mb4_nopad_bin", "utf8mb4_0900_bin"]) {
        const [row] = await queryRunner.query(`SELECT COUNT(*) AS n FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?`, [collation]);
        if (Number(row.n) > 0) return collation;
    }
    throw new Error("This MySQL server has no binary NO PAD collation (utf8mb4_nopad_bin or utf8mb4_0900_bin): use MySQL 8 or MariaDB 10.6+");
}

/**
 * Idempotency keys, grant references and token hashes compare byte for byte: under the default
 * utf8mb4_unicode_ci, "…-aB", "…-áb" and "…-ab " were one idempotency key with "…-ab".
 */
export class ExactKeys1764620000000 implements MigrationInterface {
    name = 'ExactKeys1764620000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await collateKeys(queryRunner, await exactCollation(queryRunner));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await collateKeys(queryRunner, "utf8mb4_unicode_ci");
    }
}
