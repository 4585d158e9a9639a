/**
 * ANSI SGR (Select Graphic Rendition) escapes of a log line as styled runs, for the logs panel: each run is
 * text plus the CSS classes of its style (`fg1` red … `fg15`, `bg…`, `b` bold, `d` dim, `i` italic, `u`
 * underline, `inv` inverse). Colours are the 16 terminal colours (the webview maps them to VS Code's
 * `--vscode-terminal-ansi*` theme colours); 256-colour codes 0–15 map to them, other 256-colour and RGB
 * codes are read and dropped (no inline styles under the webview's CSP). Every other escape (cursor moves,
 * OSC titles) is removed. Each line starts unstyled: rows are drawn one by one, out of order.
 */

export interface StyledRun {
  readonly text: string;
  /** Space-separated classes; absent for plain text. */
  readonly cls?: string;
}

interface Style { fg?: number; bg?: number; b?: boolean; d?: boolean; i?: boolean; u?: boolean; inv?: boolean }

function classes(s: Style): string | undefined {
  const out: string[] = [];
  if (s.fg !== undefined) out.push(`fg${s.fg}`);
  if (s.bg !== undefined) out.push(`bg${s.bg}`);
  if (s.b) out.push('b');
  if (s.d) out.push('d');
  if (s.i) out.push('i');
  if (s.u) out.push('u');
  if (s.inv) out.push('inv');
  return out.length > 0 ? out.join(' ') : undefined;
}

/** Applies one SGR parameter list (`1;31`) to a style. */
function apply(s: Style, params: string): void {
  const p = params === '' ? [0] : params.split(/[;:]/).map((x) => (x === '' ? 0 : Number(x)));
  for (let k = 0; k < p.length; k++) {
    const n = p[k];
    if (n === 0) { delete s.fg; delete s.bg; s.b = s.d = s.i = s.u = s.inv = false; }
    else if (n === 1) s.b = true;
    else if (n === 2) s.d = true;
    else if (n === 3) s.i = true;
    else if (n === 4) s.u = true;
    else if (n === 7) s.inv = true;
    else if (n === 22) s.b = s.d = false;
    else if (n === 23) s.i = false;
    else if (n === 24) s.u = false;
    else if (n === 27) s.inv = false;
    else if (n >= 30 && n <= 37) s.fg = n - 30;
    else if (n >= 90 && n <= 97) s.fg = n - 90 + 8;
    else if (n === 39) delete s.fg;
    else if (n >= 40 && n <= 47) s.bg = n - 40;
    else if (n >= 100 && n <= 107) s.bg = n - 100 + 8;
    else if (n === 49) delete s.bg;
    else if (n === 38 || n === 48) {
      // 38;5;n / 48;5;n (256 colours) and 38;2;r;g;b (RGB): only 0–15 have a theme colour.
      const mode = p[k + 1];
      if (mode === 5) {
        const c = p[k + 2];
        if (c !== undefined && c >= 0 && c <= 15) { if (n === 38) s.fg = c; else s.bg = c; }
        k += 2;
      } else if (mode === 2) k += 4;
      else k += 1;
    }
  }
}

/** CSI (`ESC [` or the 8-bit `\x9b`) … final byte; OSC (`ESC ]` … BEL or ST); any other two-byte escape. */
const ESCAPE = /(?:\x1b\[|\x9b)([0-?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** A line's text as styled runs (one plain run when it has no escape). */
export function sgrRuns(line: string): StyledRun[] {
  if (line.indexOf('\x1b') < 0 && line.indexOf('\x9b') < 0) return [{ text: line }];
  const out: StyledRun[] = [];
  const style: Style = {};
  let cls: string | undefined;
  let at = 0;
  const push = (text: string): void => {
    if (text === '') return;
    const last = out.at(-1);
    if (last && last.cls === cls) out[out.length - 1] = { text: last.text + text, ...(cls ? { cls } : {}) };
    else out.push(cls ? { text, cls } : { text });
  };
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(line); m; m = ESCAPE.exec(line)) {
    push(line.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[3] === 'm' && m[2] === '' && /^[\d;:]*$/.test(m[1])) { apply(style, m[1]); cls = classes(style); }
  }
  push(line.slice(at));
  return out.length > 0 ? out : [{ text: '' }];
}
