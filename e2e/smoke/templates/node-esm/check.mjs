// import() of both packages from an ES module: prints what each exports.
const server = await import('@earshot/server');
const client = await import('@earshot/client');
console.log(JSON.stringify({ server: Object.keys(server).sort(), client: Object.keys(client).sort() }));
