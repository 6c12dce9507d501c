// The root README's Next.js route. ASSEMBLYAI_API_KEY is read when a request arrives, so `next build` needs no
// key; EARSHOT_TOKEN_BASE_URL points it at the emulator in this test app.
import { createTokenHandler } from '@earshot/server';

export const GET = createTokenHandler(process.env.EARSHOT_TOKEN_BASE_URL ? { baseUrl: process.env.EARSHOT_TOKEN_BASE_URL } : {});
