/** The streaming URL the example uses: the emulator's, or '' for the real service (set in vite.config.ts). */
declare const __EARSHOT_STREAMING_URL__: string;
