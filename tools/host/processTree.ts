// Ends a process together with everything it started. code-server's SIGTERM leaves its extension
// host orphaned (re-parented to init), so the whole tree is collected *before* any signal is sent.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly zombie: boolean;
}

/** One /proc/<pid>/stat line: "pid (comm) state ppid pgrp …"; comm may hold spaces and ')'. */
function parseStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const [state, ppid, pgid] = text.slice(close + 2).split(' ');
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || ppid === undefined || pgid === undefined) return undefined;
  return { pid, ppid: Number(ppid), pgid: Number(pgid), zombie: state === 'Z' };
}

function readProc(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const entry = parseStat(fs.readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (entry) entries.push(entry);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return entries;
}

/** Without /proc (macOS), ps gives the same fields. */
function readPs(): ProcessEntry[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  const entries: ProcessEntry[] = [];
  for (const line of out.split('\n')) {
    const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
    if (stat === undefined) continue;
    entries.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: stat.startsWith('Z') });
  }
  return entries;
}

/** Live processes only: a zombie is already dead and just waits for its parent to reap it. */
function liveProcesses(): ProcessEntry[] {
  const all = fs.existsSync('/proc/self/stat') ? readProc() : readPs();
  return all.filter((entry) => !entry.zombie);
}

/**
 * `root`, its live descendants and, when `root` leads a process group (spawned `detached`), every
 * member of that group: the group still holds children that were orphaned before we looked.
 */
export function processTree(root: number): number[] {
  const live = liveProcesses();
  const children = new Map<number, number[]>();
  for (const entry of live) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry.pid]);
  const tree = new Set<number>();
  const queue = [root, ...live.filter((entry) => entry.pgid === root).map((entry) => entry.pid)];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (tree.has(pid) || !live.some((entry) => entry.pid === pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...tree];
}

function survivors(pids: readonly number[]): number[] {
  const live = new Set(liveProcesses().map((entry) => entry.pid));
  return pids.filter((pid) => live.has(pid));
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilGone(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = survivors(pids);
  while (left.length > 0 && Date.now() < deadline) {
    await delay(100);
    left = survivors(pids);
  }
  return left;
}

/** SIGTERM to the whole tree of `root`, SIGKILL to whatever is left after `graceMs`. */
export async function killProcessTree(root: number, graceMs = 3000): Promise<void> {
  const pids = processTree(root);
  if (pids.length === 0) return;
  signal(pids, 'SIGTERM');
  const left = await waitUntilGone(pids, graceMs);
  if (left.length === 0) return;
  // Whatever the survivors started during the grace period goes too.
  const stragglers = [...new Set(left.flatMap(processTree))];
  signal(stragglers, 'SIGKILL');
  await waitUntilGone(stragglers, 2000);
}

/** SIGKILL to the whole tree at once, for `process.on('exit')` where nothing asynchronous runs. */
export function killProcessTreeNow(root: number): void {
  signal(processTree(root), 'SIGKILL');
}
