import { MigrationInterface, QueryRunner } from "typeorm";

/** API tokens, the audit log, password resets and session versions. */
export class HostileWorld1763910000000 implements MigrationInterface {
    name = 'HostileWorld1763910000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`audit_entry\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NULL, \`actor_kind\` varchar(20) NOT NULL, \`actor_id\` varchar(36) NULL, \`actor_name\` varchar(254) NULL, \`client_address\` varchar(64) NULL, \`action\` varchar(60) NOT NULL, \`object_type\` varchar(40) NULL, \`object_id\` varchar(36) NULL, \`before\` text NULL, \`after\` text NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`idx_audit_entry_actor_time\` (\`actor_id\`, \`created_at\`), INDEX \`idx_audit_entry_partner_time\` (\`partner_id\`, \`created_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`api_token\` (\`id\` varchar(36) NOT NULL, \`partner_id\` varchar(36) NOT NULL, \`name\` varchar(100) NOT NULL, \`role\` varchar(20) NOT NULL, \`secret_hash\` varchar(64) NOT NULL, \`created_by_id\` varchar(36) NOT NULL, \`created_at\` datetime(3) NOT NULL, \`last_used_at\` datetime(3) NULL, \`expires_at\` datetime(3) NULL, \`revoked_at\` datetime(3) NULL, UNIQUE INDEX \`uq_api_token_secret\` (\`secret_hash\`), INDEX \`idx_api_token_partner\` (\`partner_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`partner_admin\` ADD \`session_version\` int NOT NULL DEFAULT 0, ADD \`reset_token_hash\` varchar(64) NULL, ADD \`reset_expires_at\` datetime(3) NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX \`uq_partner_admin_reset_token\` ON \`partner_admin\` (\`reset_token_hash\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`uq_partner_admin_reset_token\` ON \`partner_admin\``);
        await queryRunner.query(`ALTER TABLE \`partner_admin\` DROP COLUMN \`reset_expires_at\`, DROP COLUMN \`reset_token_hash\`, DROP COLUMN \`session_version\``);
        await queryRunner.query(`DROP TABLE \`api_token\``);
        await queryRunner.query(`DROP TABLE \`audit_entry\``);
    }
}
