module.exports = require("./worker-databases").globalTeardown;
