import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY, startEmulator, type EmulatorOptions } from './emulator.js';
import type { Faults } from './faults.js';
import type { RecognizerName } from './recognizers/recognizer.js';

const HELP = `earshot-emulator — a local AssemblyAI Universal Streaming v3 service

Usage: earshot-emulator [options]

  --port <n>                 port to listen on (default 8787; 0 picks a free one)
  --host <addr>              address to bind (default 127.0.0.1)
  --api-key <key>            the key it accepts (default: EARSHOT_EMULATOR_KEY, else ${DEFAULT_API_KEY})
  --recognizer <name>        auto (default) | pocketsphinx | scripted
  --grammar <file>           PocketSphinx: a JSGF grammar for deterministic recognition
  --transcripts <file>       scripted: one transcript per line, for turns 0, 1, 2, …
  --default-model <model>    speech_model when the client sends none (default universal-3-6-pro)
  --begin-delay <ms>         delay before Begin (default 1200, as the live service)
  --token-reuse              let a token open many sessions within its window
  --sessions-per-minute <n>  new-session limit (3009 past it)
  --max-sessions <n>         open sessions at once (3009 past it; default 16 with PocketSphinx, 1000 scripted)
  --idle-limit <s>           end sessions that send nothing for this long (default 300)
  --keep-sessions <n>        sessions remembered for inspection (default 100)
  --tls-cert <file> --tls-key <file>   serve https/wss
Faults (for tests):
  --fault-begin-delay <ms>   extra delay before Begin
  --fault-drop-after-ms <ms> drop the connection (1006) this long after Begin
  --fault-drop-after-bytes <n>  drop after this many audio bytes
  --fault-error <code>[@ms]  send an Error frame with this code (after ms) and close
  --fault-malformed-after <ms>  send a malformed frame
  --fault-token <slow:ms|500|html>  token endpoint fault
  -h, --help                 this text

Prints the URLs it serves; Ctrl-C stops it.`;

/** Runs the CLI with `argv` (without node and the script). Resolves once the emulator listens. */
export async function runCli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      recognizer: { type: 'string' },
      grammar: { type: 'string' },
      transcripts: { type: 'string' },
      'default-model': { type: 'string' },
      'begin-delay': { type: 'string' },
      'token-reuse': { type: 'boolean' },
      'sessions-per-minute': { type: 'string' },
      'max-sessions': { type: 'string' },
      'idle-limit': { type: 'string' },
      'keep-sessions': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'fault-begin-delay': { type: 'string' },
      'fault-drop-after-ms': { type: 'string' },
      'fault-drop-after-bytes': { type: 'string' },
      'fault-error': { type: 'string' },
      'fault-malformed-after': { type: 'string' },
      'fault-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const given = values['api-key'] ?? process.env.EARSHOT_EMULATOR_KEY;
  const apiKey = given || DEFAULT_API_KEY;
  const recognizer = (values.recognizer ?? 'auto') as RecognizerName;
  if (!['auto', 'pocketsphinx', 'scripted'].includes(recognizer)) throw new Error(`--recognizer must be auto, pocketsphinx or scripted (got "${recognizer}")`);
  if (!!values['tls-cert'] !== !!values['tls-key']) throw new Error('--tls-cert and --tls-key go together');

  const options: EmulatorOptions = {
    port: int(values.port ?? '8787', '--port'),
    host: values.host ?? '127.0.0.1',
    apiKey,
    recognizer,
    faults: faults(values),
    log: (line) => console.log(`earshot-emulator: ${line}`),
  };
  if (values.grammar) options.grammar = values.grammar;
  if (values.transcripts) options.transcripts = readFileSync(values.transcripts, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  if (values['default-model']) options.defaultModel = values['default-model'];
  if (values['begin-delay']) options.beginDelayMs = int(values['begin-delay'], '--begin-delay');
  if (values['token-reuse']) options.tokenReuse = true;
  if (values['max-sessions']) options.maxSessions = int(values['max-sessions'], '--max-sessions');
  if (values['idle-limit']) options.idleLimitSeconds = int(values['idle-limit'], '--idle-limit');
  if (values['keep-sessions']) options.keepSessions = int(values['keep-sessions'], '--keep-sessions');
  if (values['sessions-per-minute']) options.sessionsPerMinute = int(values['sessions-per-minute'], '--sessions-per-minute');
  if (values['tls-cert'] && values['tls-key']) options.tls = { cert: values['tls-cert'], key: values['tls-key'] };

  const emulator = await startEmulator(options);
  console.log(`earshot-emulator: streaming ${emulator.url}`);
  console.log(`earshot-emulator: tokens    ${emulator.tokenUrl}`);
  // The default key is public (it is in this package's README); a key of your own is never printed.
  console.log(`earshot-emulator: api key   ${given ? '(yours, from --api-key or EARSHOT_EMULATOR_KEY)' : DEFAULT_API_KEY}`);
  const stop = () => {
    console.log('earshot-emulator: stopping');
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function int(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number (got "${value}")`);
  return n;
}

function faults(values: Record<string, string | boolean | undefined>): Faults {
  const f: Faults = {};
  const num = (key: string) => (typeof values[key] === 'string' ? int(values[key] as string, `--${key}`) : undefined);
  const begin = num('fault-begin-delay');
  if (begin !== undefined) f.beginDelayMs = begin;
  const dropMs = num('fault-drop-after-ms');
  if (dropMs !== undefined) f.dropAfterMs = dropMs;
  const dropBytes = num('fault-drop-after-bytes');
  if (dropBytes !== undefined) f.dropAfterBytes = dropBytes;
  const malformed = num('fault-malformed-after');
  if (malformed !== undefined) f.malformedAfterMs = malformed;
  if (typeof values['fault-error'] === 'string') {
    const [code, after] = values['fault-error'].split('@');
    f.error = { code: int(code!, '--fault-error'), afterMs: after ? int(after, '--fault-error') : 0 };
  }
  const token = values['fault-token'];
  if (typeof token === 'string') {
    if (token === '500') f.token = { fail: true };
    else if (token === 'html') f.token = { html: true };
    else if (token.startsWith('slow:')) f.token = { delayMs: int(token.slice(5), '--fault-token slow:<ms>') };
    else throw new Error('--fault-token takes slow:<ms>, 500 or html');
  }
  return f;
}
