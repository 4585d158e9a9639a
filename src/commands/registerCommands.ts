/** The one registration table: every command id maps to the factory in its own file. */
import vscode = require('vscode');
import { localizeError } from '../localize';
import { CommandId, Commands } from '../constants';
import { refreshContainers } from './containers/refresh';
import { browseContainerFiles } from './containers/files';
import { copyContainerId } from './containers/copyId';
import { execInContainer } from './containers/exec';
import { inspectContainer } from './containers/inspect';
import { showContainerIsolation } from './containers/isolation';
import { updateContainerLimits } from './containers/updateLimits';
import { showDiskUsage } from './system/diskUsage';
import { guidedPrune } from './system/prune';
import { killContainers } from './containers/kill';
import { showContainerLogs } from './containers/logs';
import { toggleLogFollow } from './containers/logsFollow';
import { toggleLogTimestamps } from './containers/logsTimestamps';
import { filterLogs } from './containers/logsFilter';
import { rangeLogs } from './containers/logsRange';
import { downloadLogs } from './containers/logsDownload';
import { openLogsAsText } from './containers/logsOpenAsText';
import { pauseContainers } from './containers/pause';
import { pruneContainers } from './containers/prune';
import { removeContainers } from './containers/remove';
import { renameContainer } from './containers/rename';
import { restartContainers } from './containers/restart';
import { openContainerShell } from './containers/shell';
import { startContainers } from './containers/start';
import { showContainerStats } from './containers/stats';
import { stopContainers } from './containers/stop';
import { unpauseContainers } from './containers/unpause';
import { chooseEngineContext } from './engine/chooseContext';
import { openEngineSettings } from './engine/openSettings';
import { retryEngine } from './engine/retry';
import { showEngineInfo } from './engine/showInfo';
import { showLogs } from './engine/showLogs';
import { startDockerDesktop } from './engine/startDockerDesktop';
import { inspectImage } from './images/inspect';
import { browseVolume } from './volumes/browse';
import { showImageHistory } from './images/history';
import { removeImages } from './images/remove';
import { pruneImages } from './images/prune';
import { copyImageId } from './images/copyId';
import { copyImageReference } from './images/copyReference';
import { toggleDanglingImages } from './images/toggleDangling';
import { refreshImages } from './images/refresh';
import { inspectVolume } from './volumes/inspect';
import { removeVolumes } from './volumes/remove';
import { pruneVolumes } from './volumes/prune';
import { refreshVolumes } from './volumes/refresh';
import { inspectNetwork } from './networks/inspect';
import { removeNetworks } from './networks/remove';
import { pruneNetworks } from './networks/prune';
import { refreshNetworks } from './networks/refresh';
import { useContext } from './contexts/use';
import { refreshContexts } from './contexts/refresh';
import { buildImage } from './build/build';
import { showStepOutput } from './build/showStepOutput';
import { cancelBuild } from './build/cancel';
import { createContainer, runImage } from './images/run';
import { tagImageCommand } from './images/tag';
import { pushImageCommand } from './images/push';
import { pullImageCommand } from './images/pull';
import { saveImagesCommand } from './images/save';
import { loadImagesCommand } from './images/load';
import { loginToRegistry } from './login/login';
import { logoutFromRegistry } from './login/logout';
import { refreshRegistries } from './registries/refresh';
import { addRegistry } from './registries/add';
import { removeRegistry } from './registries/removeFromView';
import { loadMoreRegistryItems } from './registries/loadMore';
import { loginFromRegistries } from './registries/login';
import { pullFromRegistry } from './registries/pull';
import { copyRegistryDigest, copyRegistryReference } from './registries/copy';
import { inspectRegistryConfig, inspectRegistryManifest } from './registries/inspect';
import { runFromRegistry } from './registries/run';
import { deleteFromRegistry } from './registries/delete';
import { startComposeProject } from './compose/start';
import { stopComposeProject } from './compose/stop';
import { restartComposeProject } from './compose/restart';
import { pauseComposeProject } from './compose/pause';
import { unpauseComposeProject } from './compose/unpause';
import { killComposeProject } from './compose/kill';
import { removeComposeProject } from './compose/remove';
import { showComposeLogs } from './compose/logs';
import { composeUp } from './compose/up';
import { composeUpSelect } from './compose/upSelect';
import { composeDown } from './compose/down';
import { composePull } from './compose/pull';
import { composeBuild } from './compose/build';
import { composeConfig } from './compose/config';
import { composeWatch } from './compose/watch';
import type { CommandDeps, CommandFactory } from './types';
import { errorMessage } from '../docker/errors';

export const commandTable: Record<CommandId, CommandFactory> = {
  [Commands.engineRetry]: retryEngine,
  [Commands.engineChooseContext]: chooseEngineContext,
  [Commands.engineOpenSettings]: openEngineSettings,
  [Commands.engineShowInfo]: showEngineInfo,
  [Commands.engineShowLogs]: showLogs,
  [Commands.engineStartDockerDesktop]: startDockerDesktop,
  [Commands.containersRefresh]: refreshContainers,
  [Commands.containersStart]: startContainers,
  [Commands.containersStop]: stopContainers,
  [Commands.containersRestart]: restartContainers,
  [Commands.containersPause]: pauseContainers,
  [Commands.containersUnpause]: unpauseContainers,
  [Commands.containersKill]: killContainers,
  [Commands.containersRename]: renameContainer,
  [Commands.containersRemove]: removeContainers,
  [Commands.containersInspect]: inspectContainer,
  [Commands.containersIsolation]: showContainerIsolation,
  [Commands.containersUpdateLimits]: updateContainerLimits,
  [Commands.systemDiskUsage]: showDiskUsage,
  [Commands.systemPrune]: guidedPrune,
  [Commands.containersLogs]: showContainerLogs,
  [Commands.containersShell]: openContainerShell,
  [Commands.containersExec]: execInContainer,
  [Commands.containersStats]: showContainerStats,
  [Commands.containersFiles]: browseContainerFiles,
  [Commands.containersCopyId]: copyContainerId,
  [Commands.containersPrune]: pruneContainers,
  [Commands.containersLogsTimestamps]: toggleLogTimestamps,
  [Commands.containersLogsFollow]: toggleLogFollow,
  [Commands.containersLogsFilter]: filterLogs,
  [Commands.containersLogsRange]: rangeLogs,
  [Commands.containersLogsDownload]: downloadLogs,
  [Commands.logsOpenAsText]: openLogsAsText,
  [Commands.imagesInspect]: inspectImage,
  [Commands.imagesHistory]: showImageHistory,
  [Commands.imagesRemove]: removeImages,
  [Commands.imagesPrune]: pruneImages,
  [Commands.imagesCopyId]: copyImageId,
  [Commands.imagesCopyReference]: copyImageReference,
  [Commands.imagesToggleDangling]: toggleDanglingImages,
  [Commands.imagesRefresh]: refreshImages,
  [Commands.volumesInspect]: inspectVolume,
  [Commands.volumesBrowse]: browseVolume,
  [Commands.volumesRemove]: removeVolumes,
  [Commands.volumesPrune]: pruneVolumes,
  [Commands.volumesRefresh]: refreshVolumes,
  [Commands.networksInspect]: inspectNetwork,
  [Commands.networksRemove]: removeNetworks,
  [Commands.networksPrune]: pruneNetworks,
  [Commands.networksRefresh]: refreshNetworks,
  [Commands.contextsUse]: useContext,
  [Commands.contextsRefresh]: refreshContexts,
  [Commands.imageBuild]: buildImage,
  [Commands.imageCancelBuild]: cancelBuild,
  [Commands.buildShowStepOutput]: showStepOutput,
  [Commands.imagesRun]: runImage,
  [Commands.imagesCreate]: createContainer,
  [Commands.imagesTag]: tagImageCommand,
  [Commands.imagesPush]: pushImageCommand,
  [Commands.imagesPull]: pullImageCommand,
  [Commands.imagesSave]: saveImagesCommand,
  [Commands.imagesLoad]: loadImagesCommand,
  [Commands.registryLogin]: loginToRegistry,
  [Commands.registryLogout]: logoutFromRegistry,
  [Commands.registriesRefresh]: refreshRegistries,
  [Commands.registriesAdd]: addRegistry,
  [Commands.registriesRemove]: removeRegistry,
  [Commands.registriesLoadMore]: loadMoreRegistryItems,
  [Commands.registriesLogin]: loginFromRegistries,
  [Commands.registriesPull]: pullFromRegistry,
  [Commands.registriesCopyReference]: copyRegistryReference,
  [Commands.registriesCopyDigest]: copyRegistryDigest,
  [Commands.registriesInspectManifest]: inspectRegistryManifest,
  [Commands.registriesInspectConfig]: inspectRegistryConfig,
  [Commands.registriesRun]: runFromRegistry,
  [Commands.registriesDelete]: deleteFromRegistry,
  [Commands.composeStart]: startComposeProject,
  [Commands.composeStop]: stopComposeProject,
  [Commands.composeRestart]: restartComposeProject,
  [Commands.composePause]: pauseComposeProject,
  [Commands.composeUnpause]: unpauseComposeProject,
  [Commands.composeKill]: killComposeProject,
  [Commands.composeRemove]: removeComposeProject,
  [Commands.composeLogs]: showComposeLogs,
  [Commands.composeUp]: composeUp,
  [Commands.composeUpSelect]: composeUpSelect,
  [Commands.composeDown]: composeDown,
  [Commands.composePull]: composePull,
  [Commands.composeBuild]: composeBuild,
  [Commands.composeConfig]: composeConfig,
  [Commands.composeWatch]: composeWatch,
};

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return (Object.keys(commandTable) as CommandId[]).map((id) => {
    const handler = commandTable[id](deps) as (...args: unknown[]) => unknown;
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        // One place turns an unexpected failure into a message; handlers show their own for expected ones.
        deps.output.error(`${id} failed: ${errorMessage(err)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Dockhand: {0}', localizeError(err)));
        return undefined;
      }
    });
  });
}
