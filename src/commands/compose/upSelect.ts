import vscode = require('vscode');
import type { CommandFactory } from '../types';
import { captureConfig, composeFileTarget, ComposeCommandArgs, isCli, lines, readyCli, refuse, runComposeCommand } from './cli';

/** Compose Up of chosen services or profiles, asking whether to build first. */
export const composeUpSelect: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: ComposeCommandArgs) => {
  if (args?.services || args?.profiles) return runComposeCommand(deps, node, nodes, args, 'up');
  const cli = await readyCli(vscode.l10n.t('Compose Up'));
  if (!isCli(cli)) return cli;
  const target = await composeFileTarget(deps, node, nodes, args);
  if (!target) return undefined;
  if ('error' in target) return refuse(target.error);
  const mode = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Services…'), id: 'services' as const },
    { label: vscode.l10n.t('Profiles…'), id: 'profiles' as const },
  ], { placeHolder: vscode.l10n.t('Start selected services, or every service of selected profiles') });
  if (!mode) return undefined;
  const names = lines(await captureConfig(deps, cli, target, mode.id));
  if (names.length === 0) return refuse(mode.id === 'profiles' ? vscode.l10n.t('These compose files define no profiles.') : vscode.l10n.t('These compose files define no services.'));
  const picked = await vscode.window.showQuickPick(names, { canPickMany: true, placeHolder: mode.id === 'profiles' ? vscode.l10n.t('Profiles to start') : vscode.l10n.t('Services to start (with what they depend on)') });
  if (!picked || picked.length === 0) return undefined;
  const build = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Build missing images only'), value: undefined },
    { label: vscode.l10n.t('Build images first'), description: '--build', value: 'always' as const },
    { label: vscode.l10n.t('Never build'), description: '--no-build', value: 'never' as const },
  ], { placeHolder: vscode.l10n.t('Build images?') });
  if (!build) return undefined;
  return runComposeCommand(deps, undefined, undefined, {
    ...args, files: target.files, projectName: target.projectName ?? args?.projectName,
    ...(target.envFiles?.length ? { envFile: target.envFiles } : {}),
    ...(mode.id === 'profiles' ? { profiles: picked } : { services: picked }),
    ...(build.value ? { build: build.value } : {}),
  }, 'up');
};
