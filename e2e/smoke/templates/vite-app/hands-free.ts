// The VAD README's "Hands-free mode", every line in order (recipes.spec.ts), with this page's wiring: `show` and
// `showListening` stand for the app's own UI and log what they are given. It names no `url`: the smoke spec
// routes its socket to the emulator.
import { Transcriber } from '@earshot/client';
import { HandsFree } from '@earshot/vad';

const show = (text: string) => console.log(`final: ${text}`);
const showListening = (listening: boolean) => console.log(`listening: ${listening}`);

const handsFree = new HandsFree({ transcriber: new Transcriber({ token: '/api/token' }), endAfterSilenceMs: 2000 });
handsFree.transcriber.on('final', (turn) => show(turn.transcript));
handsFree.on('sessionStart', () => showListening(true));
handsFree.on('sessionEnd', () => showListening(false));
await handsFree.start();   // microphone + detector, no session yet
// … handsFree.stop()
