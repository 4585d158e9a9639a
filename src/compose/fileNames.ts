/** Compose file names, apart from the parser so the composition root can ask without loading it. */

/** Whether a file name is one Compose reads by default or an override of one (compose.prod.yaml). */
export function isComposeFileName(fileName: string): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  return /^(docker-)?compose(\.[^/\\]+)?\.ya?ml$/i.test(base);
}
