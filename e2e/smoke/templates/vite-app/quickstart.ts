// The READMEs' browser quick start (the root README's and the client README's), every line in order
// (recipes.spec.ts), with this page's wiring: "… later" is when the page's Stop button is clicked, and #state
// says when stop() has resolved. It names no `url`: the smoke spec routes its socket to the emulator.
import { Transcriber } from '@earshot/client';

const transcriber = new Transcriber({ token: '/api/token' }); // your token endpoint (@earshot/server)
transcriber.on('partial', (turn) => console.log('…', turn.transcript)); // still being heard
transcriber.on('final', (turn) => console.log(turn.transcript)); // settled
transcriber.on('error', (err) => console.error(err.code, err.message));

await transcriber.start(); // asks for the microphone and opens the session
// … later:
await new Promise((clicked) => document.getElementById('stop')!.addEventListener('click', clicked, { once: true }));
await transcriber.stop(); // sends the last words, waits for Termination, turns the microphone off
document.getElementById('state')!.textContent = 'stopped';
