module.exports = require('dockerode');
