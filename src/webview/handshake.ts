/**
 * Says 'ready' until the host answers, then stops: a message posted while a webview is being
 * (re)attached — first load under load, or a panel moved to another editor group — can be lost
 * on either side, and a panel must never stay at "Loading…". Hosts answer every 'ready' in full.
 */
export function sayReady(postReady: () => void, intervalMs = 1000): { answered(): void } {
  postReady();
  let timer: ReturnType<typeof setInterval> | undefined = setInterval(postReady, intervalMs);
  return {
    answered() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
