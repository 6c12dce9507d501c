// Compiled as this folder's package.json says (ESM or CommonJS): the public types of both packages resolve,
// including the worklet subpath's.
import { CaptureError, Transcriber, type SessionState } from '@earshot/client';
import { createTokenHandler, toNodeHandler, type TokenHandler } from '@earshot/server';
import type {} from '@earshot/client/worklet';

const handler: TokenHandler = createTokenHandler({ apiKey: 'key', baseUrl: 'http://127.0.0.1:1' });
export const node = toNodeHandler(handler);
export const transcriber = new Transcriber({ token: '/api/token' });
transcriber.on('error', (err) => console.log(err.code, err instanceof CaptureError));
transcriber.on('state', (state: SessionState) => console.log(state));
