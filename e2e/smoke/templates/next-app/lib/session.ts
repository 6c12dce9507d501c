// The app's own sign-in check, which the server README's signed-in route imports as `@/lib/session` (the
// alias create-next-app sets up). In this test app a `session` cookie stands for a signed-in user.
export function isSignedIn(request: Request): boolean {
  return /(?:^|;\s*)session=/.test(request.headers.get('cookie') ?? '');
}
