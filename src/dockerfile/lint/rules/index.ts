/** Every lint rule, in the order they run. Add a rule: write rules/<Code>.ts and list it here. */
import type { Rule } from '../types';
import { unknownInstruction } from './DH001-unknownInstruction';
import { argumentCount } from './DH002-argumentCount';
import { flags } from './DH003-flags';
import { malformedJson } from './DH004-malformedJson';
import { exposePort } from './DH005-exposePort';
import { healthcheckOptions } from './DH006-healthcheckOptions';
import { stopsignal } from './DH007-stopsignal';
import { onbuildTrigger } from './DH008-onbuildTrigger';
import { copyFromStage } from './DH009-copyFromStage';
import { escapeDirective } from './DH010-escapeDirective';
import { instructionBeforeFrom } from './DH011-instructionBeforeFrom';
import { baseImageTag } from './DH101-baseImageTag';
import { aptGetYes } from './DH102-aptGetYes';
import { aptNoRecommends } from './DH103-aptNoRecommends';
import { aptListsCleanup } from './DH104-aptListsCleanup';
import { aptInsteadOfAptGet } from './DH105-aptInsteadOfAptGet';
import { apkNoCache } from './DH106-apkNoCache';
import { pipNoCacheDir } from './DH107-pipNoCacheDir';
import { cdInsteadOfWorkdir } from './DH108-cdInsteadOfWorkdir';
import { sudo } from './DH109-sudo';
import { lastUserRoot } from './DH110-lastUserRoot';
import { addInsteadOfCopy } from './DH111-addInsteadOfCopy';
import { pipefail } from './DH112-pipefail';
import { curlAndWget } from './DH113-curlAndWget';
import { execFormSingleWord } from './DH114-execFormSingleWord';
import { relativeCopyDestination } from './DH115-relativeCopyDestination';
import { endOfLifeBase } from './DH116-endOfLifeBase';
import { ConsistentInstructionCasing } from './ConsistentInstructionCasing';
import { CopyIgnoredFile } from './CopyIgnoredFile';
import { DuplicateStageName } from './DuplicateStageName';
import { ExposeInvalidFormat } from './ExposeInvalidFormat';
import { ExposeProtoCasing } from './ExposeProtoCasing';
import { FromAsCasing } from './FromAsCasing';
import { FromPlatformFlagConstDisallowed } from './FromPlatformFlagConstDisallowed';
import { InvalidDefaultArgInFrom } from './InvalidDefaultArgInFrom';
import { JSONArgsRecommended } from './JSONArgsRecommended';
import { LegacyKeyValueFormat } from './LegacyKeyValueFormat';
import { MaintainerDeprecated } from './MaintainerDeprecated';
import { MultipleInstructionsDisallowed } from './MultipleInstructionsDisallowed';
import { NoEmptyContinuation } from './NoEmptyContinuation';
import { RedundantTargetPlatform } from './RedundantTargetPlatform';
import { ReservedStageName } from './ReservedStageName';
import { SecretsUsedInArgOrEnv } from './SecretsUsedInArgOrEnv';
import { StageNameCasing } from './StageNameCasing';
import { UndefinedArgInFrom } from './UndefinedArgInFrom';
import { UndefinedVar } from './UndefinedVar';
import { WorkdirRelativePath } from './WorkdirRelativePath';

export const RULES: readonly Rule[] = [
  unknownInstruction, argumentCount, flags, malformedJson, exposePort, healthcheckOptions, stopsignal, onbuildTrigger,
  copyFromStage, escapeDirective, instructionBeforeFrom,
  StageNameCasing, FromAsCasing, NoEmptyContinuation, ConsistentInstructionCasing, DuplicateStageName, ReservedStageName,
  JSONArgsRecommended, MaintainerDeprecated, UndefinedArgInFrom, WorkdirRelativePath, UndefinedVar, MultipleInstructionsDisallowed,
  LegacyKeyValueFormat, RedundantTargetPlatform, SecretsUsedInArgOrEnv, InvalidDefaultArgInFrom, FromPlatformFlagConstDisallowed,
  CopyIgnoredFile, ExposeProtoCasing, ExposeInvalidFormat,
  baseImageTag, aptGetYes, aptNoRecommends, aptListsCleanup, aptInsteadOfAptGet, apkNoCache, pipNoCacheDir, cdInsteadOfWorkdir,
  sudo, lastUserRoot, addInsteadOfCopy, pipefail, curlAndWget, execFormSingleWord, relativeCopyDestination, endOfLifeBase,
];
