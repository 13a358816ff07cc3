import { userInfo } from 'node:os';

/** Who is acting, for sentinel lines and rule decisions. */
export function currentUser(env: NodeJS.ProcessEnv): string {
  if (env.USER) return env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
