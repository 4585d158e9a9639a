/**
 * End-of-life dates of the releases base images are made of, kept offline in the project (DH116). Dates are the
 * projects' own: Ubuntu's end of standard support (an image gets no ESM updates), Debian's end of regular security
 * support and of Debian LTS, Alpine's branch end, CentOS, Fedora (one month after the release two later),
 * Node.js, Python (PEP end of life), Go (two newer releases out), PHP and Ruby end of security support.
 * The openjdk image itself is deprecated (no updates since July 2022), whatever the Java release.
 * A release whose end is not announced is left out; so is anything newer than the data.
 *
 * Where the dates come from (checked 2026-12-02 against public pages; sources named, not quoted):
 * - Ubuntu: Canonical's "Ubuntu lifecycle and release cadence" page (LTS: 5 years of standard support, interim:
 *   9 months); 26.04 LTS "Resolute Raccoon" released 2026-04-23, standard support until 2031 (release coverage
 *   on pbxscience.com and c114pro.com); the day is the end of May, as for earlier LTS releases.
 * - Debian: the Debian security team's and Debian LTS's published end dates (wiki.debian.org/LTS).
 * - Alpine: the alpinelinux.org releases table (main repository about two years, branches end May 1 / Nov 1);
 *   3.24 released in 2026 (release coverage on lavx.hu and linux.org.hk), so its end follows the same rule.
 * - Fedora: the Fedora release life cycle page (end one month after the release two later); 42 ended 2026-05-28
 *   (krakatech.com report); 43 "~2026-11-30" and 44 "~2027-05-30" from the Fedora history table on
 *   wiki.linux-server-admin.com (approximate until Fedora release engineering announces the day). 41's
 *   2025-12-15 follows the same rule; no page readable here states the day, so it is the least sure entry.
 * - Node.js: the nodejs/Release schedule; Python: the release PEPs (five years); Go: the Go release policy (two
 *   newer releases) with the months from the Go support table on dodatech-tutorial.pages.dev (1.25 until Aug 2026,
 *   1.26 until Feb 2027, so 1.27 is out; days are the month's last, so no finding comes early); PHP: php.net supported versions;
 *   Ruby: ruby-lang.org branch maintenance.
 */
import { coreMessage, CoreMessageArg } from '../../coreMessage';

export interface Release {
  /** what the user's tag names, for the message: "Ubuntu 18.04", or a message ("the openjdk image (Java 8)") */
  readonly label: CoreMessageArg;
  /** the last day of support (YYYY-MM-DD); past it the image gets no security updates */
  readonly end: string;
  /** Debian: the end of regular security support, after which only Debian LTS patches (a subset of) packages */
  readonly regularEnd?: string;
  /** what to use instead: a tag of the same image */
  readonly suggest: string;
  /** another image to use instead, named beside `suggest` (then no quick fix picks one of them) */
  readonly alternative?: string;
}

type Table = Readonly<Record<string, readonly [string, string?]>>;

const UBUNTU: Table = {
  '14.04': ['2019-04-30'], '16.04': ['2021-04-30'], '18.04': ['2023-05-31'], '18.10': ['2019-07-18'], '19.04': ['2020-01-23'], '19.10': ['2020-07-17'],
  '20.04': ['2025-05-31'], '20.10': ['2021-07-22'], '21.04': ['2022-01-20'], '21.10': ['2022-07-14'], '22.04': ['2027-06-01'], '22.10': ['2023-07-20'],
  '23.04': ['2024-01-25'], '23.10': ['2024-07-11'], '24.04': ['2029-05-31'], '24.10': ['2025-07-10'], '26.04': ['2031-05-31'],
};
const UBUNTU_NAMES: Readonly<Record<string, string>> = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', cosmic: '18.10', disco: '19.04', eoan: '19.10', focal: '20.04', groovy: '20.10',
  hirsute: '21.04', impish: '21.10', jammy: '22.04', kinetic: '22.10', lunar: '23.04', mantic: '23.10', noble: '24.04', oracular: '24.10', resolute: '26.04',
};
/** Debian: [LTS end, regular security support end] */
const DEBIAN: Table = {
  '7': ['2018-05-31', '2016-04-25'], '8': ['2020-06-30', '2018-06-17'], '9': ['2022-06-30', '2020-07-06'], '10': ['2024-06-30', '2022-09-10'],
  '11': ['2026-08-31', '2024-08-14'], '12': ['2028-06-30', '2026-06-10'], '13': ['2030-06-30', '2028-08-09'],
};
const DEBIAN_NAMES: Readonly<Record<string, string>> = { wheezy: '7', jessie: '8', stretch: '9', buster: '10', bullseye: '11', bookworm: '12', trixie: '13' };
const ALPINE: Table = {
  '3.7': ['2019-11-01'], '3.8': ['2020-05-01'], '3.9': ['2020-11-01'], '3.10': ['2021-05-01'], '3.11': ['2021-11-01'], '3.12': ['2022-05-01'],
  '3.13': ['2022-11-01'], '3.14': ['2023-05-01'], '3.15': ['2023-11-01'], '3.16': ['2024-05-23'], '3.17': ['2024-11-22'], '3.18': ['2025-05-09'],
  '3.19': ['2025-11-01'], '3.20': ['2026-04-01'], '3.21': ['2026-11-01'], '3.22': ['2027-05-01'], '3.23': ['2027-11-01'], '3.24': ['2028-05-01'],
};
const CENTOS: Table = { '6': ['2020-11-30'], '7': ['2024-06-30'], '8': ['2021-12-31'] };
const FEDORA: Table = {
  '34': ['2022-06-07'], '35': ['2022-12-13'], '36': ['2023-05-16'], '37': ['2023-12-05'], '38': ['2024-05-21'], '39': ['2024-11-26'], '40': ['2025-05-13'],
  '41': ['2025-12-15'], '42': ['2026-05-28'], '43': ['2026-11-30'], '44': ['2027-05-30'],
};
const NODE: Table = {
  '8': ['2019-12-31'], '9': ['2018-06-30'], '10': ['2021-04-30'], '11': ['2019-06-01'], '12': ['2022-04-30'], '13': ['2020-06-01'], '14': ['2023-04-30'],
  '15': ['2021-06-01'], '16': ['2023-09-11'], '17': ['2022-06-01'], '18': ['2025-04-30'], '19': ['2023-06-01'], '20': ['2026-04-30'], '21': ['2024-06-01'],
  '22': ['2027-04-30'], '23': ['2025-06-01'], '24': ['2028-04-30'], '25': ['2026-06-01'], '26': ['2029-04-30'],
};
const PYTHON: Table = {
  '2.7': ['2020-01-01'], '3.4': ['2019-03-18'], '3.5': ['2020-09-13'], '3.6': ['2021-12-23'], '3.7': ['2023-06-27'], '3.8': ['2024-10-07'],
  '3.9': ['2025-10-31'], '3.10': ['2026-10-31'], '3.11': ['2027-10-31'], '3.12': ['2028-10-31'], '3.13': ['2029-10-31'], '3.14': ['2030-10-31'], '3.15': ['2031-10-31'],
};
const GO: Table = {
  '1.13': ['2020-08-11'], '1.14': ['2021-02-16'], '1.15': ['2021-08-16'], '1.16': ['2022-03-15'], '1.17': ['2022-08-02'], '1.18': ['2023-02-01'],
  '1.19': ['2023-09-06'], '1.20': ['2024-02-06'], '1.21': ['2024-08-13'], '1.22': ['2025-02-11'], '1.23': ['2025-08-12'], '1.24': ['2026-02-11'],
  '1.25': ['2026-08-31'], '1.26': ['2027-02-28'],
};
const PHP: Table = {
  '5.6': ['2018-12-31'], '7.0': ['2019-01-10'], '7.1': ['2019-12-01'], '7.2': ['2020-11-30'], '7.3': ['2021-12-06'], '7.4': ['2022-11-28'],
  '8.0': ['2023-11-26'], '8.1': ['2025-12-31'], '8.2': ['2026-12-31'], '8.3': ['2027-12-31'], '8.4': ['2028-12-31'], '8.5': ['2029-12-31'],
};
const RUBY: Table = {
  '2.3': ['2019-03-31'], '2.4': ['2020-03-31'], '2.5': ['2021-04-05'], '2.6': ['2022-04-12'], '2.7': ['2023-03-31'], '3.0': ['2024-04-23'],
  '3.1': ['2025-03-26'], '3.2': ['2026-03-27'], '3.3': ['2027-03-31'], '3.4': ['2028-03-31'],
};

/** A base image's repository (last path component, `library/` and registry host dropped) and tag. */
export function splitImage(ref: string): { repo: string; path: string; tag: string | undefined } {
  const at = ref.indexOf('@');
  const noDigest = at < 0 ? ref : ref.slice(0, at);
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  const path = (colon > slash ? noDigest.slice(0, colon) : noDigest).toLowerCase();
  return { repo: path.slice(path.lastIndexOf('/') + 1), path, tag };
}

const OFFICIAL_HOSTS = /^(docker\.io\/)?(library\/)?[a-z0-9._-]+$/;

interface Family { readonly table: Table; readonly name: string; readonly current: string; readonly version: (tag: string) => string | undefined }

const majorMinor = (tag: string): string | undefined => /^(\d+\.\d+)(?:\.\d+)*(?:$|-)/.exec(tag)?.[1];
const major = (tag: string): string | undefined => /^(\d+)(?:\.\d+)*(?:$|-)/.exec(tag)?.[1];

const FAMILIES: Readonly<Record<string, Family>> = {
  ubuntu: { table: UBUNTU, name: 'Ubuntu', current: '26.04', version: (t) => majorMinor(t) ?? UBUNTU_NAMES[/^[a-z]+/.exec(t)?.[0] ?? ''] },
  debian: { table: DEBIAN, name: 'Debian', current: '13', version: (t) => major(t) ?? DEBIAN_NAMES[/^[a-z]+/.exec(t)?.[0] ?? ''] },
  alpine: { table: ALPINE, name: 'Alpine', current: '3.24', version: majorMinor },
  centos: { table: CENTOS, name: 'CentOS', current: '', version: (t) => /^(?:centos)?(\d+)/.exec(t)?.[1] },
  fedora: { table: FEDORA, name: 'Fedora', current: '44', version: major },
  node: { table: NODE, name: 'Node.js', current: '24', version: major },
  python: { table: PYTHON, name: 'Python', current: '3.14', version: majorMinor },
  golang: { table: GO, name: 'Go', current: '1.27', version: majorMinor },
  php: { table: PHP, name: 'PHP', current: '8.5', version: majorMinor },
  ruby: { table: RUBY, name: 'Ruby', current: '3.4', version: majorMinor },
};

/** Distribution names inside other images' tags: python:3.9-buster, node:14-alpine3.12, php:7.4-fpm-stretch. */
function distroInTag(tag: string): { family: string; version: string } | undefined {
  for (const part of tag.split('-').slice(1)) {
    if (DEBIAN_NAMES[part]) return { family: 'debian', version: DEBIAN_NAMES[part] };
    if (UBUNTU_NAMES[part]) return { family: 'ubuntu', version: UBUNTU_NAMES[part] };
    const a = /^alpine(3\.\d+)$/.exec(part);
    if (a) return { family: 'alpine', version: a[1] };
  }
  return undefined;
}

/** The tag with its version replaced by the current one, and old distribution names dropped from its variant. */
function suggestTag(repo: string, tag: string, current: string): string {
  const rest = tag.replace(/^[a-z]*\d+(?:\.\d+)*|^[a-z]+(?=-|$)/, '').split('-').map((p) => (/^alpine3\.\d+$/.test(p) ? 'alpine' : p))
    .filter((p) => p && !DEBIAN_NAMES[p] && !UBUNTU_NAMES[p] && !/^\d{8}$/.test(p));
  return `${repo}:${[current, ...rest].join('-')}`;
}

/**
 * The releases a base image's tag maps to (the image's own and a distribution named in its variant), the one
 * that ends first first; empty when unknown or unversioned.
 */
export function releasesOf(ref: string, today?: string): Release[] {
  const { repo, path, tag } = splitImage(ref);
  if (tag === undefined || !OFFICIAL_HOSTS.test(path)) return [];
  const o = own(repo, tag);
  let v = inVariant(repo, tag);
  // python:3.8-slim-buster: when the image's own release has ended too, a newer distribution under the same old
  // release is no way out; suggest the image's current release (with its default distribution) for both
  if (o && v && today !== undefined && o.end < today) v = { ...v, suggest: o.suggest, alternative: o.alternative };
  return [o, v].filter((r): r is Release => r !== undefined).sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
}

function own(repo: string, tag: string): Release | undefined {
  if (repo === 'openjdk') {
    if (/(^|-)ea(-|$)/.test(tag)) return undefined;
    const m = /^(\d+)/.exec(tag)?.[1];
    if (!m) return undefined;
    const lts = ['8', '11', '17', '21', '25'].includes(m) ? m : '21';
    return { label: coreMessage('DH116.label.openjdk', m), end: '2022-07-31', suggest: `eclipse-temurin:${lts}` };
  }
  const fam = FAMILIES[repo];
  if (fam) {
    const v = fam.version(tag);
    const row = v === undefined ? undefined : fam.table[v];
    if (row && v !== undefined) {
      if (repo === 'centos') return { label: `${fam.name} ${v}`, end: row[0], regularEnd: row[1], suggest: 'quay.io/centos/centos:stream10', alternative: 'almalinux:10' };
      return { label: `${fam.name} ${v}`, end: row[0], regularEnd: row[1], suggest: suggestTag(repo, tag, fam.current) };
    }
  }
  return undefined;
}

function inVariant(repo: string, tag: string): Release | undefined {
  if (FAMILIES[repo] && (repo === 'debian' || repo === 'ubuntu' || repo === 'alpine')) return undefined;
  const d = distroInTag(tag);
  if (d) {
    const fam2 = FAMILIES[d.family];
    const row = fam2.table[d.version];
    if (row) {
      const codename = d.family === 'alpine' ? `alpine${fam2.current}` : d.family === 'debian' ? 'trixie' : 'noble'; // noble, not resolute: images carry noble variants far more widely
      const parts = tag.split('-').map((p) => (DEBIAN_NAMES[p] || UBUNTU_NAMES[p] || /^alpine3\.\d+$/.test(p) ? codename : p));
      return { label: coreMessage('DH116.label.inTag', fam2.name, d.version, tag), end: row[0], regularEnd: row[1], suggest: `${repo}:${parts.join('-')}` };
    }
  }
  return undefined;
}
