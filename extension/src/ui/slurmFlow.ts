import type { ConnectedServer } from '../sessions/connectedServer';
import type { HostConnection } from '../sessions/hostConnection';
import type { ServerSessions } from '../sessions/serverSessions';
import type { StartedServer } from '../sessions/startedServer';
import type { EnvironmentInfo, SlurmInfo, SlurmParams } from '../sidecar/contract';
import { errorMessage, errorName, isCancelled } from '../sidecar/sidecarError';
import type { RemoteJupyterSettings } from '../settings/remoteJupyterSettings';
import type { SlurmAccessMemory } from '../storage/slurmAccessMemory';
import type { SlurmChoiceMemory } from '../storage/slurmChoiceMemory';
import { Cancelled } from './cancelled';
import { SlurmField, SlurmJobValues, fieldText, initialValues, partitionDescription, slurmFields, toSlurmParams, validateField, withField, withPython } from './slurmJobForm';
import type { PickItem, SlurmPrompter } from './slurmPrompter';

export const runOnComputeNodeLabel = '$(server-process) Run on a compute node…';
export const slurmPartitionTitle = 'Slurm partition';
export const slurmJobTitle = 'Slurm job';
export const submitJobLabel = '$(play) Submit job';
export const partitionRowLabel = 'Partition';
export const resubmitAction = 'Resubmit';
export const typePythonLabel = '$(edit) Type a path…';

/** Where log lines go (VS Code's LogOutputChannel has these). */
interface FlowLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SlurmFlowOptions {
  sessions: ServerSessions;
  memory: SlurmChoiceMemory;
  /** Hosts whose nodes refused a jump: asked for node-address next time (absent: every submission starts from the setting). */
  access?: SlurmAccessMemory;
  settings: () => RemoteJupyterSettings;
  prompter: SlurmPrompter;
  log: FlowLog;
  /** Saves every open editor before a stop at the end of the walltime (VS Code: workbench.action.files.saveAll). */
  saveAll?: () => Promise<void>;
}

interface FieldRow extends PickItem {
  field?: SlurmField | 'partition';
  submit?: boolean;
}

/**
 * "Run on a compute node…": partition, then a job summary whose rows can each be changed, then
 * slurm/start with Slurm's queue state as progress. Remembers the form per host; a job that ended
 * (TIMEOUT, PREEMPTED, …) is reported with an offer to submit it again with the same parameters.
 * No 'vscode' import: the dialogs go through a {@link SlurmPrompter}, so tests drive it by label.
 */
export class SlurmFlow {
  // Jupyter retries a lost server's resolve; each retry fails the same way, and one notice per job is enough.
  private readonly endingsShown = new Set<string>();

  constructor(private readonly o: SlurmFlowOptions) {}

  /**
   * The whole flow on a connected host; resolves to the new server, or undefined (backed out, or
   * failed and said so). A `partition` (the tree's partition row) skips the partition pick.
   */
  async run(connection: HostConnection, info: SlurmInfo, environments: EnvironmentInfo[], partition?: string): Promise<StartedServer | undefined> {
    const values = await this.choose(connection, info, environments, partition);
    if (!values) {
      return undefined;
    }
    return this.submitOrReport(connection, values, environments.find((e) => e.pythonPath === values.pythonPath)?.version);
  }

  /** The partition pick and the job summary; undefined when the person backed out. */
  async choose(connection: HostConnection, info: SlurmInfo, environments: EnvironmentInfo[], preset?: string): Promise<SlurmJobValues | undefined> {
    const settings = this.o.settings();
    let values = initialValues(this.o.memory.get(connection.alias), settings.slurm.defaults, info, environments);
    const partition = preset ?? (await this.pickPartition(info, values.partition));
    if (partition === null) {
      return undefined;
    }
    values = { ...values, partition };
    for (;;) {
      const rows = summaryRows(values);
      const picked = await this.o.prompter.pick(rows, { title: slurmJobTitle, placeHolder: `Job on ${connection.alias}: change a row, or submit`, active: rows[0] });
      if (!picked) {
        return undefined;
      }
      if (picked.submit) {
        return values;
      }
      if (picked.field === 'partition') {
        const other = await this.pickPartition(info, values.partition);
        values = other === null ? values : { ...values, partition: other };
      } else if (picked.field === 'pythonPath') {
        values = await this.pickPython(connection, values, environments);
      } else if (picked.field) {
        values = await this.editField(values, picked.field);
      }
    }
  }

  /** slurm/start under a cancellable progress showing PENDING reasons; remembers the form for the host first. */
  async submit(connection: HostConnection, values: SlurmJobValues, pythonVersion?: string): Promise<StartedServer> {
    const settings = this.o.settings();
    await this.o.memory.remember(connection.alias, values);
    const nodeAccess = this.o.access?.nodeAccess(connection.alias, settings.slurm.nodeAccess) ?? settings.slurm.nodeAccess;
    const params = toSlurmParams(values, settings.slurm.modules, nodeAccess, settings.slurm.nodeSshPort);
    const started = await this.o.prompter.progress(`Remote Jupyter: Slurm job on ${connection.alias}`, (token, onProgress) =>
      this.o.sessions.startSlurm(connection, { params, pythonVersion, stateDir: settings.server.stateDir, token, onProgress }),
    );
    await this.learnAccess(connection.alias, params, started);
    this.o.prompter.info(`Slurm job ${started.slurm!.jobId} runs Jupyter on ${started.slurm!.node ?? 'its node'}: ${started.alias} · ${started.environment}.`);
    return started;
  }

  /** Submits; a failure is shown (with Resubmit when the job ended), and Resubmit runs the same submission again. */
  async submitOrReport(connection: HostConnection, values: SlurmJobValues, pythonVersion?: string): Promise<StartedServer | undefined> {
    for (;;) {
      try {
        return await this.submit(connection, values, pythonVersion);
      } catch (error) {
        if (!(await this.offerResubmit(error))) {
          return undefined;
        }
      }
    }
  }

  /**
   * Submits a new job with the parameters of `server`'s ended job, then forgets the old one (its
   * folder on the host is removed by slurm/stop, which leaves an ended job's nothing else to do).
   */
  async resubmit(server: ConnectedServer): Promise<StartedServer | undefined> {
    if (!server.slurm) {
      return undefined;
    }
    const settings = this.o.settings();
    const previous = server.slurm;
    // A job submitted with auto access resubmits with what the host taught since (node-address after a refused jump).
    const nodeAccess = previous.params.nodeAccess ?? this.o.access?.nodeAccess(server.alias, settings.slurm.nodeAccess);
    const params = { ...previous.params, nodeAccess: nodeAccess === 'auto' ? undefined : nodeAccess };
    for (;;) {
      try {
        const started = await this.o.prompter.progress(`Remote Jupyter: Resubmitting Slurm job ${previous.jobId} on ${server.alias}`, async (token, onProgress) => {
          const connection = await this.o.sessions.connections.connect(server.host, { alias: server.alias, configFile: server.configFile, token, onProgress });
          return this.o.sessions.startSlurm(connection, { params, pythonVersion: server.pythonVersion || undefined, stateDir: server.stateDir ?? settings.server.stateDir, token, onProgress });
        });
        await this.learnAccess(server.alias, params, started);
        await this.o.sessions.stop(server.id).catch(async (error: unknown) => {
          this.o.log.warn(`Removing the ended job ${previous.jobId}: ${errorMessage(error)}`);
          await this.o.sessions.forget(server.id);
        });
        this.o.prompter.info(`Slurm job ${started.slurm!.jobId} replaces job ${previous.jobId}: ${started.alias} · ${started.environment}.`);
        return started;
      } catch (error) {
        if (!(await this.offerResubmit(error))) {
          return undefined;
        }
      }
    }
  }

  /** After a fallback to node-address, later jobs on the host ask for it at once: said once in the log. */
  private async learnAccess(alias: string, params: SlurmParams, started: StartedServer): Promise<void> {
    if (await this.o.access?.learn(alias, params.nodeAccess, started.slurm?.access)) {
      this.o.log.info(
        `A compute node of ${alias} refused the jump, so job ${started.slurm!.jobId} runs Jupyter on ${started.slurm!.node ?? 'its node'}'s address. ` +
          `Later jobs on ${alias} ask for that at once (remoteJupyter.slurm.nodeAccess other than auto overrides this).`,
      );
    }
  }

  /**
   * Says what went wrong; for an ended job (SlurmJobEnded: the message has its state and last log
   * lines) the person can resubmit. True when they chose to.
   */
  async offerResubmit(error: unknown): Promise<boolean> {
    if (error instanceof Cancelled || isCancelled(error)) {
      return false;
    }
    const message = errorMessage(error);
    this.o.log.error(message);
    if (errorName(error) !== 'slurmJobEnded') {
      await this.o.prompter.error(message);
      return false;
    }
    return (await this.o.prompter.error(message, resubmitAction)) === resubmitAction;
  }

  /** A job that ended while in use (seen by slurm/attach): the sidecar's message, and Resubmit. */
  async jobEnded(server: ConnectedServer, message: string): Promise<StartedServer | undefined> {
    if (!server.slurm || this.endingsShown.has(server.slurm.jobId)) {
      return undefined;
    }
    this.endingsShown.add(server.slurm.jobId);
    this.o.log.error(message);
    if ((await this.o.prompter.error(message, resubmitAction)) !== resubmitAction) {
      return undefined;
    }
    return this.resubmit(server);
  }

  /** Ten minutes before the walltime ends: save and stop, or let it run out. */
  async walltimeWarning(server: ConnectedServer, text: string): Promise<void> {
    const choice = await this.o.prompter.warning(text, 'Save and Stop', 'Dismiss');
    if (choice !== 'Save and Stop') {
      return;
    }
    await this.o.saveAll?.();
    try {
      await this.o.sessions.stop(server.id);
      this.o.prompter.info(`Stopped Slurm job ${server.slurm?.jobId} on ${server.alias}.`);
    } catch (error) {
      await this.o.prompter.error(`Could not stop Slurm job ${server.slurm?.jobId}: ${errorMessage(error)}`);
    }
  }

  /** null when backed out; undefined when the cluster lists no partition (Slurm's default then). */
  private async pickPartition(info: SlurmInfo, current: string | undefined): Promise<string | undefined | null> {
    if (info.partitions.length === 0) {
      return undefined;
    }
    const items = info.partitions.map((p) => ({ label: p.name, description: partitionDescription(p), name: p.name }));
    const picked = await this.o.prompter.pick(items, {
      title: slurmPartitionTitle,
      placeHolder: 'Where the job runs',
      active: items.find((i) => i.name === current) ?? items[0],
    });
    return picked ? picked.name : null;
  }

  private async editField(values: SlurmJobValues, field: SlurmField): Promise<SlurmJobValues> {
    const spec = slurmFields.find((f) => f.field === field)!;
    const text = await this.o.prompter.input({
      title: `${slurmJobTitle}: ${spec.label}`,
      prompt: spec.prompt,
      value: fieldText(values, field),
      placeHolder: spec.placeholder,
      validate: (t) => validateField(field, t),
    });
    return text === undefined ? values : withField(values, field, text);
  }

  private async pickPython(connection: HostConnection, values: SlurmJobValues, environments: EnvironmentInfo[]): Promise<SlurmJobValues> {
    type PythonItem = PickItem & { path?: string };
    const items: PythonItem[] = environments.map((e) => ({
      label: e.pythonPath,
      description: `${e.kind} · Python ${e.version}${e.canServe ? '' : ' · no jupyter_server or ipykernel here'}`,
      path: e.pythonPath,
    }));
    if (!environments.some((e) => e.pythonPath === 'python3')) {
      items.push({ label: 'python3', description: "the job's PATH on the node (after module load)", path: 'python3' });
    }
    items.push({ label: typePythonLabel, description: 'a Python that only the compute nodes have' });
    const picked = await this.o.prompter.pick(items, {
      title: `${slurmJobTitle}: Python on the node`,
      placeHolder: `Home folders are shared with the nodes on most clusters, so ${connection.alias}'s environments usually work there`,
      active: items.find((i) => i.path === values.pythonPath),
    });
    if (!picked) {
      return values;
    }
    if (picked.path) {
      return withPython(values, picked.path, environments);
    }
    const typed = await this.editField(values, 'pythonPath');
    return withPython(typed, typed.pythonPath ?? 'python3', environments);
  }
}

/** The summary: Submit first (so Enter submits), then each option with its value or "default". */
function summaryRows(values: SlurmJobValues): FieldRow[] {
  return [
    { label: submitJobLabel, description: values.partition ? `on ${values.partition}` : undefined, submit: true },
    { label: partitionRowLabel, description: values.partition ?? 'default', field: 'partition' },
    ...slurmFields.map((f) => ({ label: f.label, description: fieldText(values, f.field) || 'default', field: f.field })),
  ];
}
