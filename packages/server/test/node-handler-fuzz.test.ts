// toNodeHandler under malformed requests (issue #11): a plain node:http server in a child process, raw bytes
// over a real socket. Each request must be answered 4xx, the process must survive all of them and still mint
// for a well-formed request, and the key must appear in no answer and no line the process prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KEY = 'sk-fuzz-0123456789abcdefSECRET';
const CHILD = fileURLToPath(new URL('./support/token-server-child.mjs', import.meta.url));

interface Child {
  proc: ChildProcess;
  port: number;
  output: () => string;
}

async function startChild(env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, [CHILD], { env: { ...process.env, FUZZ_KEY: KEY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`child exited ${code}: ${output}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /\{"port":(\d+)\}/.exec(output);
      if (match) resolve(Number(match[1]));
    });
  });
  return { proc, port, output: () => output };
}

/** Sends raw request bytes; resolves with the status line's code and the whole answer. */
function raw(port: number, request: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', reject);
    // Not `end()`: a half-closed socket lets Node drop the answer of a slow request.
    socket.write(request);
  });
}

const req = (method: string, target: string, headers: [string, string][]) =>
  Buffer.from(`${method} ${target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}connection: close\r\n\r\n`, 'latin1');

const SAME: [string, string][] = [['sec-fetch-site', 'same-origin'], ['sec-fetch-mode', 'cors']];
// CONNECT never reaches a request listener: Node answers it itself (it closes the socket) unless the app
// listens for 'connect'; it is sent last below to show the process survives it.
const METHODS = ['HEAD', 'TRACE', 'TRACK', 'DELETE', 'PUT', 'PATCH', 'PROPFIND', 'M-SEARCH', 'PURGE', 'LINK', 'QUERY'];
const HOSTS = ['a b', `${'x'.repeat(300)}:`, '[', '127.0.0.1:99999999', '127.0.0.1:70000', '', 'a@b', 'a/b', 'a?b', 'a#b', 'é.example', '[::1', 'exa mple:80', '\u00ff\u00fe'];
const TARGETS = ['*', '//', 'http://other.example/x', '/%', '/%zz', '/a?%', `/${'a'.repeat(20_000)}`, '/\u00ff', 'api/token', '/..%2f..%2f'];
const HEADERS: [string, string][][] = [
  [['origin', 'null']],
  [['origin', '[']],
  [['origin', 'http://a b']],
  [['origin', `http://${'x'.repeat(5000)}`]],
  [['sec-fetch-site', 'weird'], ['sec-fetch-mode', 'cors']],
  [['sec-fetch-site', 'same-origin'], ['sec-fetch-mode', 'no-cors']],
  [['sec-fetch-site', 'cross-site'], ['sec-fetch-mode', 'no-cors']],
  [['x-forwarded-for', '\u00ff, [, ,'], ['origin', 'http://evil.example']],
  [['cookie', '\u00e9\u00ff'], ['authorization', `Bearer ${'z'.repeat(1000)}`]],
  [['content-length', '5'], ['origin', 'http://evil.example']],
];

function cases(trustProxy: boolean): { name: string; bytes: Buffer }[] {
  const host: [string, string] = ['host', '127.0.0.1'];
  // Forwarded headers are malformed only when they are read: without trustProxy they are ignored.
  const forwarded = trustProxy
    ? [
        { name: 'x-forwarded-host [', bytes: req('GET', '/api/token', [host, ['x-forwarded-host', '['], ...SAME]) },
        { name: 'x-forwarded-proto gopher', bytes: req('GET', '/api/token', [host, ['x-forwarded-proto', 'gopher'], ...SAME]) },
        { name: 'x-forwarded-host a b', bytes: req('GET', '/api/token', [host, ['x-forwarded-host', 'a b, c'], ...SAME]) },
      ]
    : [];
  return [
    ...forwarded,
    ...METHODS.map((m) => ({ name: `method ${m}`, bytes: req(m, '/api/token', [host, ...SAME]) })),
    ...HOSTS.map((h) => ({ name: `host ${JSON.stringify(h.slice(0, 20))}`, bytes: req('GET', '/api/token', [['host', h], ...SAME]) })),
    { name: 'no host (HTTP/1.0)', bytes: Buffer.from('GET /api/token HTTP/1.0\r\n\r\n') },
    { name: 'two hosts', bytes: req('GET', '/api/token', [host, ['host', 'evil.example'], ['origin', 'http://evil.example']]) },
    ...TARGETS.map((t) => ({ name: `target ${JSON.stringify(t.slice(0, 20))}`, bytes: req('GET', t, [host, ['origin', 'http://evil.example']]) })),
    ...HEADERS.map((h, i) => ({ name: `headers #${i}`, bytes: req(i === 10 ? 'POST' : 'GET', '/api/token', [host, ...h]) })),
  ];
}

describe('toNodeHandler under malformed requests', () => {
  for (const trustProxy of [false, true]) {
    describe(trustProxy ? 'with trustProxy' : 'without trustProxy', () => {
      let child: Child;
      beforeAll(async () => {
        child = await startChild(trustProxy ? { FUZZ_TRUST_PROXY: '1' } : {});
      });
      afterAll(() => {
        child?.proc.kill('SIGTERM');
      });

      const host: [string, string] = ['host', '127.0.0.1'];
      it('answers every malformed request 4xx, survives, still mints, and never shows the key', async () => {
        const answers: { name: string; status: number }[] = [];
        for (const c of cases(trustProxy)) {
          const { status, text } = await raw(child.port, c.bytes);
          answers.push({ name: c.name, status });
          expect(text).not.toContain(KEY);
        }
        const wrong = answers.filter((a) => a.status < 400 || a.status >= 500);
        expect(wrong).toEqual([]);
        expect((await raw(child.port, req('CONNECT', '127.0.0.1:1', [host]))).status).toBe(0);
        expect(child.proc.exitCode).toBeNull();
        const ok = await raw(child.port, req('GET', '/api/token', [host, ...SAME]));
        expect(ok.status).toBe(200);
        expect(ok.text).toMatch(/"token":"AQI/);
        expect(child.output()).not.toContain(KEY);
      });

      it('answers 400 to a request with more than one Host, whichever comes first, and mints nothing', async () => {
        // Node keeps the first Host; a proxy in front may have routed or checked on another.
        for (const hosts of [[host, ['host', 'evil.example']], [['host', 'evil.example'], host], [host, ['Host', '127.0.0.1']]] as [string, string][][]) {
          const { status, text } = await raw(child.port, req('GET', '/api/token', [...hosts, ...SAME]));
          expect(status, JSON.stringify(hosts)).toBe(400);
          expect(text).not.toMatch(/"token"/);
        }
      });
    });
  }
});
