/** The real-style compose fixtures (test/fixtures/compose) and a file system over them. */
import * as fs from 'fs';
import * as path from 'path';
import { nodeComposeFiles } from '../../../src/compose/nodeFiles';

export const COMPOSE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'compose');

export const FIXTURES = ['webapp/compose.yaml', 'anchors/docker-compose.yml', 'include/compose.yaml', 'include/infra/compose.yaml', 'broken/compose.yaml'];

export function readCompose(name: string): string {
  return fs.readFileSync(path.join(COMPOSE_DIR, name), 'utf8');
}

export function optionsFor(name: string): { dir: string; files: ReturnType<typeof nodeComposeFiles> } {
  return { dir: path.dirname(path.join(COMPOSE_DIR, name)), files: nodeComposeFiles() };
}

export { after } from '../dockerfile/fixtures';
