// The VAD README's "Events on the Transcriber", every line in order (recipes.spec.ts), with this page's wiring:
// `agent` stands for the app's voice agent and says when it is told to stop. It names no `url`: the smoke spec
// routes its socket to the emulator.
import { Transcriber } from '@earshot/client';
import { createVad } from '@earshot/vad';

const agent = { stopTalking: () => console.log('agent: stop talking') };

const vad = await createVad();            // load early: 1–4 s of wasm compile and model load
const transcriber = new Transcriber({ token: '/api/token' });
await transcriber.start();
await vad.attach(transcriber);            // or: await attachVad(transcriber)
transcriber.on('speechStart', () => agent.stopTalking()); // also ({ at, probability })
transcriber.on('speechEnd', ({ start, end }) => console.log(`spoke ${start}–${end} ms`));
transcriber.on('vadMisfire', () => {});
