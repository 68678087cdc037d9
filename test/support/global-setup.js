module.exports = require("./worker-databases").globalSetup;
