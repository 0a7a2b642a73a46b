/** Times as people read them: 2115.215 → "00:35:15.215". */
export function formatTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const sign = seconds < 0 ? '-' : '';
  const totalMs = Math.round(Math.abs(seconds) * 1000);
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${sign}${pad(h)}:${pad(m)}:${pad(s)}.${String(ms).padStart(3, '0')}`;
}

/** A length of time: 204.326 → "3 min 24.326 s", 7390 → "2 h 3 min 10 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const totalMs = Math.round(Math.abs(seconds) * 1000);
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor(totalMs / 60_000) % 60;
  const s = (totalMs % 60_000) / 1000;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${Number(s.toFixed(3))} s`);
  return (seconds < 0 ? '-' : '') + parts.join(' ');
}

export const formatPercent = (fraction: number): string => `${(fraction * 100).toFixed(1)} %`;

const pad = (n: number): string => String(n).padStart(2, '0');
