// require() of both packages from CommonJS (an Express app, an older Jest set-up): prints what each exports.
const server = require('@earshot/server');
const client = require('@earshot/client');
console.log(JSON.stringify({ server: Object.keys(server).sort(), client: Object.keys(client).sort() }));
