// Preloaded (NODE_OPTIONS=--import) into the README recipes that run in Node, so that they run as printed —
// `listen(3000)`, `ws://127.0.0.1:8787` — on a shared machine where a test may only use ports the OS picks:
//   EARSHOT_SMOKE_LISTEN_PORTS=3000         a server's listen() on 3000 binds 127.0.0.1 on a free port instead,
//                                           and prints "smoke: listening http://127.0.0.1:<port>" once it does;
//   EARSHOT_SMOKE_CONNECT_PORTS=8787:41234  a connection to loopback port 8787 goes to port 41234 instead.
// Test plumbing only; no package ships it.
import net from 'node:net';

const listenPorts = new Set((process.env.EARSHOT_SMOKE_LISTEN_PORTS ?? '').split(',').filter(Boolean).map(Number));
const connectPorts = new Map(
  (process.env.EARSHOT_SMOKE_CONNECT_PORTS ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split(':').map(Number)),
);
const LOOPBACK = new Set([undefined, 'localhost', '127.0.0.1', '::1']);

if (listenPorts.size) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const first = args[0];
    const port = typeof first === 'object' && first !== null ? first.port : first;
    if (port !== undefined && listenPorts.has(Number(port))) {
      const callback = args.find((a) => typeof a === 'function');
      this.once('listening', () => console.log(`smoke: listening http://127.0.0.1:${this.address().port}`));
      return listen.call(this, 0, '127.0.0.1', ...(callback ? [callback] : []));
    }
    return listen.apply(this, args);
  };
}

if (connectPorts.size) {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    // net.connect() passes its normalized arguments as one array: [options, callback].
    const options = Array.isArray(args[0]) ? args[0][0] : typeof args[0] === 'object' ? args[0] : undefined;
    if (options && LOOPBACK.has(options.host) && connectPorts.has(Number(options.port))) {
      options.port = connectPorts.get(Number(options.port));
    } else if (typeof args[0] === 'number' || typeof args[0] === 'string') {
      const host = typeof args[1] === 'string' ? args[1] : undefined;
      if (LOOPBACK.has(host) && connectPorts.has(Number(args[0]))) args[0] = connectPorts.get(Number(args[0]));
    }
    return connect.apply(this, args);
  };
}
