// Preloaded (NODE_OPTIONS=--import) into the smoke apps' servers so that the README's recipes run as printed —
// `createTokenHandler()` with no `baseUrl` — yet mint from the emulator: fetches to AssemblyAI's token hosts
// go to EARSHOT_TOKEN_BASE_URL instead. Test plumbing only; no package ships it.
const target = process.env.EARSHOT_TOKEN_BASE_URL;
const HOSTS = /^https:\/\/streaming(\.us|\.eu)?\.assemblyai\.com(?=\/)/;
if (target) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!HOSTS.test(url)) return realFetch(input, init);
    const redirected = url.replace(HOSTS, target.replace(/\/+$/, ''));
    return realFetch(input instanceof Request ? new Request(redirected, input) : redirected, init);
  };
}
