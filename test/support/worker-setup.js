/** Points this jest worker at its own MySQL database (see worker-databases.js). */
const { workerUrl } = require("./worker-databases");

if (process.env.DATABASE_URL && process.env.JEST_WORKER_ID && !process.env.PORTAL_WORKER_DATABASE) {
  process.env.DATABASE_URL = workerUrl(process.env.DATABASE_URL, process.env.JEST_WORKER_ID);
  process.env.PORTAL_WORKER_DATABASE = "1";
}
