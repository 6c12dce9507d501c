import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenHandler } from './token-handler.js';

/** A `node:http` / Express / Connect / Vite middleware. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * Adapts a fetch-style handler to `node:http`, Express and Vite's dev-server middleware.
 *
 * @example
 * server.middlewares.use('/api/token', toNodeHandler(createTokenHandler()));
 */
export function toNodeHandler(handler: TokenHandler): NodeHandler {
  return (req, res, next) => {
    const host = req.headers.host ?? 'localhost';
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    // Behind Express's router or Vite's `use(path, …)`, `originalUrl` keeps the full path.
    const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const request = new Request(`${secure ? 'https' : 'http'}://${host}${path}`, { method: req.method ?? 'GET', headers });
    handler(request)
      .then(async (response) => {
        res.statusCode = response.status;
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((err: unknown) => {
        if (next) next(err);
        else {
          res.statusCode = 500;
          res.end();
        }
      });
  };
}
