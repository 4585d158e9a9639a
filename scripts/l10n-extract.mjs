#!/usr/bin/env node
/**
 * Moves every user-facing string contributed in package.json into package.nls.json and leaves a `%key%`
 * reference in its place. Re-runnable: strings that already are `%key%` are left alone, existing keys keep
 * their names and values, and a new string gets a readable key from where it sits
 * (`command.images.build.title`, `config.lint.rules.markdownDescription`, `view.containers.name`…).
 *
 *   node scripts/l10n-extract.mjs            rewrite package.json and package.nls.json
 *   node scripts/l10n-extract.mjs --check    change nothing; exit 1 and list what is left to move or missing
 *   --root DIR                               work on DIR/package.json (tests)
 *
 * What counts as user-facing is `userFacingStrings` below, the one list the unit test uses too.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REF = /^%([^%\s]+)%$/;

/** Schema keywords whose values people read (settings, task definitions). */
const SCHEMA_TEXT = ['title', 'description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage',
  'errorMessage', 'patternErrorMessage'];
const SCHEMA_TEXT_LISTS = ['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels'];

/** `a == x && b =~ /^(y|z)$/ && c` → `x.y-z.c`: the values a when clause tests, as key segments. */
function whenSlug(when) {
  return String(when).split(/&&|\|\|/).map((clause) => {
    const m = /^\s*!?\s*([\w.-]+)\s*(==|!=|=~)\s*(.+?)\s*$/.exec(clause);
    if (!m) {
      const bare = /^\s*(!?)\s*([\w.-]+)\s*$/.exec(clause);
      return bare ? `${bare[1] ? 'not-' : ''}${slug(bare[2].split('.').pop())}` : slug(clause);
    }
    const value = m[2] === '=~' ? m[3].replace(/^\/\^?\(?|\)?\$?\/[a-z]*$/g, '').replace(/\|/g, '-') : m[3].replace(/^'|'$/g, '');
    return `${m[2] === '!=' ? 'not-' : ''}${slug(value)}`;
  }).join('.');
}

const short = (id) => String(id).replace(/^dockhand\./, '');
const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

/**
 * Every user-facing string slot of a manifest: `{ holder, prop, key, shared }` where `holder[prop]` is the string and
 * `key` the key it gets when moved. `shared` keys may be reused by several slots with the same text.
 */
export function userFacingStrings(manifest) {
  const out = [];
  const add = (holder, prop, key, shared = false) => {
    if (holder && typeof holder[prop] === 'string') out.push({ holder, prop, key, shared });
  };
  const schema = (node, key) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const p of SCHEMA_TEXT) add(node, p, `${key}.${p}`);
    for (const p of SCHEMA_TEXT_LISTS) {
      if (!Array.isArray(node[p])) continue;
      node[p].forEach((_, i) => add(node[p], i, `${key}.${p}.${Array.isArray(node.enum) && node.enum[i] !== undefined ? slug(node.enum[i]) : i}`));
    }
    for (const [name, child] of Object.entries(node.properties ?? {})) schema(child, `${key}.${name}`);
    for (const [name, child] of Object.entries(node.patternProperties ?? {})) schema(child, `${key}.${slug(name)}`);
    if (node.items) schema(node.items, `${key}.items`);
    if (node.additionalProperties) schema(node.additionalProperties, `${key}.additionalProperties`);
    for (const combo of ['anyOf', 'oneOf', 'allOf']) (node[combo] ?? []).forEach((c, i) => schema(c, `${key}.${combo}.${i}`));
  };

  add(manifest, 'displayName', 'extension.displayName');
  add(manifest, 'description', 'extension.description');
  const caps = manifest.capabilities ?? {};
  if (caps.untrustedWorkspaces) add(caps.untrustedWorkspaces, 'description', 'capabilities.untrustedWorkspaces.description');
  if (caps.virtualWorkspaces && typeof caps.virtualWorkspaces === 'object') add(caps.virtualWorkspaces, 'description', 'capabilities.virtualWorkspaces.description');

  const c = manifest.contributes ?? {};
  for (const cmd of c.commands ?? []) {
    add(cmd, 'title', `command.${short(cmd.command)}.title`);
    add(cmd, 'shortTitle', `command.${short(cmd.command)}.shortTitle`);
    add(cmd, 'category', 'command.category', true);
  }
  for (const list of Object.values(c.viewsContainers ?? {})) {
    for (const v of list) add(v, 'title', `viewContainer.${short(v.id)}.title`);
  }
  for (const list of Object.values(c.views ?? {})) {
    for (const v of list) {
      add(v, 'name', `view.${short(v.id)}.name`);
      add(v, 'contextualTitle', `view.${short(v.id)}.contextualTitle`);
    }
  }
  for (const w of c.viewsWelcome ?? []) {
    // named after its when clause ("unreachable.socket-missing") and shared by views showing the same text;
    // another text under the same clause gets the view's name in its key
    const when = w.when === undefined ? undefined : whenSlug(w.when);
    const view = short(w.view);
    add(w, 'contents', when ? `viewsWelcome.${when}` : `viewsWelcome.${view}`, true);
    const slot = out[out.length - 1];
    if (slot?.holder === w && when) slot.fallback = `viewsWelcome.${view}.${when}`;
  }
  for (const s of c.submenus ?? []) add(s, 'label', `submenu.${short(s.id)}.label`);
  const configs = Array.isArray(c.configuration) ? c.configuration : c.configuration ? [c.configuration] : [];
  configs.forEach((conf, i) => {
    add(conf, 'title', configs.length > 1 ? `config.${i}.title` : 'config.title');
    for (const [name, prop] of Object.entries(conf.properties ?? {})) schema(prop, `config.${short(name)}`);
  });
  for (const t of c.taskDefinitions ?? []) {
    for (const [name, prop] of Object.entries(t.properties ?? {})) schema(prop, `task.${short(t.type)}.${name}`);
  }
  for (const m of c.problemMatchers ?? []) add(m, 'label', `problemMatcher.${short(m.name)}.label`);
  for (const p of c.problemPatterns ?? []) add(p, 'label', `problemPattern.${short(p.name)}.label`);
  for (const col of c.colors ?? []) add(col, 'description', `color.${short(col.id)}.description`);
  for (const [id, icon] of Object.entries(c.icons ?? {})) add(icon, 'description', `icon.${short(id)}.description`);
  for (const wt of c.walkthroughs ?? []) {
    const base = `walkthrough.${short(wt.id)}`;
    add(wt, 'title', `${base}.title`);
    add(wt, 'description', `${base}.description`);
    for (const step of wt.steps ?? []) {
      const s = `${base}.step.${short(step.id)}`;
      add(step, 'title', `${s}.title`);
      add(step, 'description', `${s}.description`);
      if (step.media) add(step.media, 'altText', `${s}.altText`);
    }
  }
  return out;
}

/** Moves plain strings into `nls`; returns what changed and which `%key%` references have no value. */
export function extract(manifest, nls) {
  const moved = [];
  const missing = [];
  for (const slot of userFacingStrings(manifest)) {
    const value = slot.holder[slot.prop];
    const ref = REF.exec(value);
    if (ref) {
      if (!(ref[1] in nls)) missing.push(ref[1]);
      continue;
    }
    // a key already holding other text is never overwritten: the new string gets another key
    let key = slot.key;
    if (key in nls && nls[key] !== value && slot.fallback) key = slot.fallback;
    const base = key;
    for (let n = 2; key in nls && nls[key] !== value; n++) key = `${base}.${n}`;
    nls[key] = value;
    slot.holder[slot.prop] = `%${key}%`;
    moved.push({ key, value });
  }
  return { moved, missing };
}

function main(argv) {
  const check = argv.includes('--check');
  const rootArg = argv.indexOf('--root');
  const root = rootArg >= 0 ? resolve(argv[rootArg + 1]) : resolve(fileURLToPath(import.meta.url), '..', '..');
  const manifestPath = join(root, 'package.json');
  const nlsPath = join(root, 'package.nls.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const nls = existsSync(nlsPath) ? JSON.parse(readFileSync(nlsPath, 'utf8')) : {};
  const { moved, missing } = extract(manifest, nls);
  for (const k of missing) console.error(`package.json refers to %${k}% but package.nls.json has no such key`);
  if (check) {
    for (const m of moved) console.error(`not localized: ${JSON.stringify(m.value).slice(0, 80)} (would be %${m.key}%)`);
    process.exitCode = moved.length || missing.length ? 1 : 0;
    return;
  }
  if (moved.length) {
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    // keys sorted, so merges of several branches' new strings stay readable
    const sorted = Object.fromEntries(Object.keys(nls).sort().map((k) => [k, nls[k]]));
    writeFileSync(nlsPath, JSON.stringify(sorted, null, 2) + '\n');
  }
  console.log(`l10n-extract: ${moved.length} string(s) moved to package.nls.json, ${Object.keys(nls).length} keys in all`);
  if (missing.length) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
