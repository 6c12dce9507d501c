// The browser apps' test server, built on the root README's Express recipe (CommonJS, as many Express apps are;
// server-recipes.spec.ts runs that recipe as printed): the token endpoint, the built app, and a strict
// Content-Security-Policy unless EARSHOT_NO_CSP is set (an inline import map needs its hash).
// Usage: node server.cjs <folder served at /> [<url path>=<folder> ...]
// Prints "listening http://127.0.0.1:PORT" once it accepts connections (port 0: the OS picks one).
const express = require('express');
const { resolve } = require('node:path');
const { createTokenHandler, toNodeHandler } = require('@earshot/server');

const app = express();
if (!process.env.EARSHOT_NO_CSP) {
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:* wss://streaming.assemblyai.com");
    next();
  });
}
// ASSEMBLYAI_API_KEY is read from the environment; the smoke specs point the token host at the emulator.
const tokens = toNodeHandler(createTokenHandler());
app.get('/api/token', tokens);
app.post('/api/token', tokens);

const [root, ...mounts] = process.argv.slice(2);
for (const mount of mounts) {
  const [path, folder] = mount.split('=');
  app.use(path, express.static(resolve(folder)));
}
app.use(express.static(resolve(root)));

const server = app.listen(0, '127.0.0.1', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
