// What the READMEs' snippets leave to the reader's own code: each name stands for something of the app's.
declare function mintToken(): Promise<string>;
declare function isSignedIn(request: Request): boolean;
declare const app: import('express').Express;
declare const agent: { stopTalking(): void };
declare function show(text: string): void;
declare function showListening(listening: boolean): void;
declare function save(text: string): void;
