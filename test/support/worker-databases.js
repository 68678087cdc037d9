/**
 * Jest runs test files in two workers at once. On MySQL (DATABASE_URL set) each worker gets a
 * database of its own, `<database>_w<worker>`, because every test file empties and migrates
 * its database: globalSetup creates them, each worker's setup points DATABASE_URL at its own
 * (child processes such as the CLI tests inherit it), and globalTeardown drops them.
 */
const mysql = require("mysql2/promise");

const workers = Number(process.env.JEST_WORKERS ?? 2);

function workerUrl(url, worker) {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname}_w${worker}`;
  return parsed.toString();
}

async function eachWorkerDatabase(statement) {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const server = new URL(url);
  const base = decodeURIComponent(server.pathname.slice(1));
  server.pathname = "/";
  const connection = await mysql.createConnection(server.toString());
  try {
    for (let worker = 1; worker <= workers; worker++) await connection.query(statement(`\`${base}_w${worker}\``));
  } finally {
    await connection.end();
  }
}

module.exports = {
  workers,
  workerUrl,
  globalSetup: () => eachWorkerDatabase((db) => `CREATE DATABASE IF NOT EXISTS ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  globalTeardown: () => eachWorkerDatabase((db) => `DROP DATABASE IF EXISTS ${db}`),
};
