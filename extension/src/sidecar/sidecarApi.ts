import type { CancellationToken } from 'vscode-jsonrpc';
import {
  AddUrlSourceRequest,
  AttachServerRequest,
  AttachSlurmRequest,
  BuildImageRequest,
  CheckImageRequest,
  CloseConnectionRequest,
  CreateEnvironmentRequest,
  DeleteEnvironmentRequest,
  DetectSlurmRequest,
  HubKernelsRequest,
  HubLoginRequest,
  HubRenewTokenRequest,
  HubServersRequest,
  HubStartRequest,
  HubStopRequest,
  HubTokenInfoRequest,
  ListContainersRequest,
  ListEnvironmentsRequest,
  ListHostsRequest,
  ListServersRequest,
  ListSlurmJobsRequest,
  ListSourceKernelsRequest,
  ListSourcesRequest,
  OpenConnectionRequest,
  RegisterKernelRequest,
  RemoveSourceRequest,
  RenewUrlSourceRequest,
  ServerLogsRequest,
  StartServerRequest,
  StartSlurmRequest,
  StopServerRequest,
  StopSlurmRequest,
  UnregisterKernelRequest,
} from './contract';
import type { RequestOptions, SidecarClient } from './sidecarClient';

/** Params as sent by callers: the client adds the progress token itself. */
type WithoutProgress<P> = Omit<P, 'progress'>;

/** One typed method per request of contract.ts, so callers never spell a method name. */
export class SidecarApi {
  constructor(readonly client: SidecarClient) {}

  listHosts(params: ListHostsRequest.Params, token?: CancellationToken): Promise<ListHostsRequest.Result> {
    return this.client.sendRequest(ListHostsRequest.method, params, { token });
  }

  openConnection(params: WithoutProgress<OpenConnectionRequest.Params>, options?: RequestOptions): Promise<OpenConnectionRequest.Result> {
    return this.client.sendRequest(OpenConnectionRequest.method, params, options);
  }

  closeConnection(params: CloseConnectionRequest.Params): Promise<CloseConnectionRequest.Result> {
    return this.client.sendRequest(CloseConnectionRequest.method, params);
  }

  listEnvironments(params: ListEnvironmentsRequest.Params, token?: CancellationToken): Promise<ListEnvironmentsRequest.Result> {
    return this.client.sendRequest(ListEnvironmentsRequest.method, params, { token });
  }

  createEnvironment(params: WithoutProgress<CreateEnvironmentRequest.Params>, options?: RequestOptions): Promise<CreateEnvironmentRequest.Result> {
    return this.client.sendRequest(CreateEnvironmentRequest.method, params, options);
  }

  deleteEnvironment(params: DeleteEnvironmentRequest.Params, token?: CancellationToken): Promise<DeleteEnvironmentRequest.Result> {
    return this.client.sendRequest(DeleteEnvironmentRequest.method, params, { token });
  }

  registerKernel(params: RegisterKernelRequest.Params, token?: CancellationToken): Promise<RegisterKernelRequest.Result> {
    return this.client.sendRequest(RegisterKernelRequest.method, params, { token });
  }

  unregisterKernel(params: UnregisterKernelRequest.Params, token?: CancellationToken): Promise<UnregisterKernelRequest.Result> {
    return this.client.sendRequest(UnregisterKernelRequest.method, params, { token });
  }

  startServer(params: WithoutProgress<StartServerRequest.Params>, options?: RequestOptions): Promise<StartServerRequest.Result> {
    return this.client.sendRequest(StartServerRequest.method, params, options);
  }

  listContainers(params: ListContainersRequest.Params, token?: CancellationToken): Promise<ListContainersRequest.Result> {
    return this.client.sendRequest(ListContainersRequest.method, params, { token });
  }

  checkImage(params: CheckImageRequest.Params, token?: CancellationToken): Promise<CheckImageRequest.Result> {
    return this.client.sendRequest(CheckImageRequest.method, params, { token });
  }

  buildImage(params: WithoutProgress<BuildImageRequest.Params>, options?: RequestOptions): Promise<BuildImageRequest.Result> {
    return this.client.sendRequest(BuildImageRequest.method, params, options);
  }

  detectSlurm(params: DetectSlurmRequest.Params, token?: CancellationToken): Promise<DetectSlurmRequest.Result> {
    return this.client.sendRequest(DetectSlurmRequest.method, params, { token });
  }

  startSlurm(params: WithoutProgress<StartSlurmRequest.Params>, options?: RequestOptions): Promise<StartSlurmRequest.Result> {
    return this.client.sendRequest(StartSlurmRequest.method, params, options);
  }

  attachSlurm(params: AttachSlurmRequest.Params, token?: CancellationToken): Promise<AttachSlurmRequest.Result> {
    return this.client.sendRequest(AttachSlurmRequest.method, params, { token });
  }

  listSlurmJobs(params: ListSlurmJobsRequest.Params, token?: CancellationToken): Promise<ListSlurmJobsRequest.Result> {
    return this.client.sendRequest(ListSlurmJobsRequest.method, params, { token });
  }

  stopSlurm(params: StopSlurmRequest.Params, token?: CancellationToken): Promise<StopSlurmRequest.Result> {
    return this.client.sendRequest(StopSlurmRequest.method, params, { token });
  }

  listServers(params: ListServersRequest.Params, token?: CancellationToken): Promise<ListServersRequest.Result> {
    return this.client.sendRequest(ListServersRequest.method, params, { token });
  }

  attachServer(params: AttachServerRequest.Params, token?: CancellationToken): Promise<AttachServerRequest.Result> {
    return this.client.sendRequest(AttachServerRequest.method, params, { token });
  }

  serverLogs(params: ServerLogsRequest.Params, token?: CancellationToken): Promise<ServerLogsRequest.Result> {
    return this.client.sendRequest(ServerLogsRequest.method, params, { token });
  }

  stopServer(params: StopServerRequest.Params, token?: CancellationToken): Promise<StopServerRequest.Result> {
    return this.client.sendRequest(StopServerRequest.method, params, { token });
  }

  addUrlSource(params: WithoutProgress<AddUrlSourceRequest.Params>, options?: RequestOptions): Promise<AddUrlSourceRequest.Result> {
    return this.client.sendRequest(AddUrlSourceRequest.method, params, options);
  }

  listSources(token?: CancellationToken): Promise<ListSourcesRequest.Result> {
    return this.client.sendRequest(ListSourcesRequest.method, {}, { token });
  }

  renewUrlSource(params: RenewUrlSourceRequest.Params, token?: CancellationToken): Promise<RenewUrlSourceRequest.Result> {
    return this.client.sendRequest(RenewUrlSourceRequest.method, params, { token });
  }

  sourceKernels(params: ListSourceKernelsRequest.Params, token?: CancellationToken): Promise<ListSourceKernelsRequest.Result> {
    return this.client.sendRequest(ListSourceKernelsRequest.method, params, { token });
  }

  removeSource(params: RemoveSourceRequest.Params): Promise<RemoveSourceRequest.Result> {
    return this.client.sendRequest(RemoveSourceRequest.method, params);
  }

  hubLogin(params: HubLoginRequest.Params, token?: CancellationToken): Promise<HubLoginRequest.Result> {
    return this.client.sendRequest(HubLoginRequest.method, params, { token });
  }

  hubTokenInfo(params: HubTokenInfoRequest.Params, token?: CancellationToken): Promise<HubTokenInfoRequest.Result> {
    return this.client.sendRequest(HubTokenInfoRequest.method, params, { token });
  }

  hubRenewToken(params: HubRenewTokenRequest.Params, token?: CancellationToken): Promise<HubRenewTokenRequest.Result> {
    return this.client.sendRequest(HubRenewTokenRequest.method, params, { token });
  }

  hubServers(params: HubServersRequest.Params, token?: CancellationToken): Promise<HubServersRequest.Result> {
    return this.client.sendRequest(HubServersRequest.method, params, { token });
  }

  hubStart(params: WithoutProgress<HubStartRequest.Params>, options?: RequestOptions): Promise<HubStartRequest.Result> {
    return this.client.sendRequest(HubStartRequest.method, params, options);
  }

  hubStop(params: HubStopRequest.Params, token?: CancellationToken): Promise<HubStopRequest.Result> {
    return this.client.sendRequest(HubStopRequest.method, params, { token });
  }

  hubKernels(params: HubKernelsRequest.Params, token?: CancellationToken): Promise<HubKernelsRequest.Result> {
    return this.client.sendRequest(HubKernelsRequest.method, params, { token });
  }
}
