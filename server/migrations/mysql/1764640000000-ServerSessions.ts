import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A row per signed-in session, which log-out and password resets end; it replaces the admin's
 * session version. API tokens are found by their creator, whose password reset revokes them.
 */
export class ServerSessions1764640000000 implements MigrationInterface {
    name = 'ServerSessions1764640000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`admin_session\` (\`id\` varchar(36) NOT NULL, \`admin_id\` varchar(36) NOT NULL, \`created_at\` datetime(3) NOT NULL, \`last_seen_at\` datetime(3) NULL, \`expires_at\` datetime(3) NOT NULL, \`ended_at\` datetime(3) NULL, \`user_agent\` varchar(255) NULL, \`client_address\` varchar(64) NULL, INDEX \`idx_admin_session_admin\` (\`admin_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`partner_admin\` DROP COLUMN \`session_version\``);
        await queryRunner.query(`CREATE INDEX \`idx_api_token_creator\` ON \`api_token\` (\`created_by_id\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`idx_api_token_creator\` ON \`api_token\``);
        await queryRunner.query(`ALTER TABLE \`partner_admin\` ADD \`session_version\` int NOT NULL DEFAULT 0`);
        await queryRunner.query(`DROP TABLE \`admin_session\``);
    }
}
