// The app's own sign-in check that the server README's Next.js route imports as `@/lib/session`.
export declare function isSignedIn(request: Request): boolean | Promise<boolean>;
