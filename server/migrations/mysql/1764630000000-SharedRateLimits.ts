import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Rate-limit counters shared by every server on the database (rate-limiter-flexible's
 * RateLimiterMySQL layout: key, points, expiry in epoch ms). MySQL only: the embedded SQLite
 * file serves one process, which counts in memory.
 */
export class SharedRateLimits1764630000000 implements MigrationInterface {
    name = 'SharedRateLimits1764630000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`rate_limit\` (\`key\` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, \`points\` int NOT NULL DEFAULT 0, \`expire\` bigint UNSIGNED NULL, PRIMARY KEY (\`key\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`rate_limit\``);
    }
}
