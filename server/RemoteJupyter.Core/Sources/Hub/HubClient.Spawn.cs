using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>Starting a server: the spawn request, its progress stream, and undoing it when cancelled.</summary>
public sealed partial class HubClient
{
    // Stopping a cancelled spawn waits for the hub to finish starting it (hubs before 5 refuse to stop a pending
    // spawn), so it gets its own bound rather than the caller's cancelled token.
    private static readonly TimeSpan CancelCleanupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts a user's default or named server (creating a named one) and follows the hub's progress until it is
    /// ready. A server that is already running is returned as it is; one the hub is already starting is followed.
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="serverName">A named server, or null (or "") for the default one.</param>
    /// <param name="options">The spawner's user options (what the hub's spawn form would send), or null.</param>
    /// <param name="progress">Receives each progress event as the hub sends it.</param>
    /// <param name="cancellationToken">
    /// Cancelling stops the pending spawn (the server is stopped once the hub lets us) and then throws
    /// <see cref="OperationCanceledException"/>.
    /// </param>
    /// <exception cref="RemoteJupyterException">
    /// <see cref="ErrorCode.HubSpawnFailed"/> with the hub's last message when the spawn fails or takes longer than
    /// <see cref="SpawnTimeout"/>; <see cref="ErrorCode.HubServerNotFound"/> for an unknown user.
    /// </exception>
    public async Task<HubServer> StartServerAsync(
        string user,
        string? serverName,
        IReadOnlyDictionary<string, JsonElement>? options,
        IProgress<HubProgress>? progress,
        CancellationToken cancellationToken)
    {
        var what = $"Starting {Describe(user, serverName)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SpawnTimeout);
        var requested = false;
        try
        {
            var existing = await WaitWhilePendingStopAsync(user, serverName, timeout.Token);
            if (existing is { Ready: true })
            {
                LogAlreadyRunning(Logger, user, serverName ?? string.Empty);
                progress?.Report(new HubProgress(100, $"Server already running at {existing.Url.AbsolutePath}", Ready: true, Failed: false));
                return existing;
            }

            if (existing?.Pending != "spawn")
            {
                requested = true;
                if (await RequestSpawnAsync(user, serverName, options, what, timeout.Token) is { } running)
                {
                    // No stream to follow: the spawn finished within the hub's wait. Consumers still get their ready event.
                    progress?.Report(new HubProgress(100, $"Server ready at {running.Url.AbsolutePath}", Ready: true, Failed: false));
                    return running;
                }
            }

            return await FollowProgressAsync(user, serverName, progress, what, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            if (requested)
            {
                await StopPendingSpawnAsync(user, serverName);
            }

            if (cancelled)
            {
                throw;
            }

            throw new RemoteJupyterException(
                ErrorCode.HubSpawnFailed,
                $"{what} failed: the hub did not have it ready within {SpawnTimeout.TotalSeconds:0} s" + (requested ? ", so it was stopped." : "."));
        }
    }

    /// <summary>Asks the hub to spawn; returns the server when the hub says it is (already) running, else null (pending).</summary>
    private async Task<HubServer?> RequestSpawnAsync(
        string user, string? serverName, IReadOnlyDictionary<string, JsonElement>? options, string what, CancellationToken cancellationToken)
    {
        LogSpawnRequested(Logger, user, serverName ?? string.Empty);
        var response = await api.SendAsync(HttpMethod.Post, HubAddress.ServerPath(user, serverName), SpawnBody(options), what, cancellationToken);
        switch (response.Status)
        {
            case HttpStatusCode.Created:
                // The hub waits a few seconds (its slow_spawn_timeout) before answering 202; a quick spawn is already done.
                return await FindServerAsync(user, serverName, cancellationToken) is { Ready: true } ready
                    ? ready
                    : throw new RemoteJupyterException(ErrorCode.HubSpawnFailed, $"{what} failed: the hub said it started, but does not list it as running.");
            case HttpStatusCode.Accepted:
                return null;
            case HttpStatusCode.BadRequest when await FindServerAsync(user, serverName, cancellationToken) is { } now && (now.Ready || now.Pending == "spawn"):
                // Someone else started it between our look and our request ("is already running" / "is pending spawn").
                return now.Ready ? now : null;
            case HttpStatusCode.NotFound:
                throw new RemoteJupyterException(ErrorCode.HubServerNotFound, $"{what} failed: the hub at {HubUrl} has no user {user} (or this token may not see it).");
            default:
                throw api.Failure(what, response, ErrorCode.HubSpawnFailed);
        }
    }

    /// <summary>Reads the progress stream until the ready or failed event; reports every event on the way.</summary>
    private async Task<HubServer> FollowProgressAsync(string user, string? serverName, IProgress<HubProgress>? progress, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(HubUrl, HubAddress.ServerPath(user, serverName) + "/progress"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, what, cancellationToken);
        HubProgress? last = null;
        if (response.IsSuccessStatusCode)
        {
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var step in HubProgressEvents.ReadAsync(stream, cancellationToken))
                {
                    last = step;
                    LogProgress(Logger, user, serverName ?? string.Empty, step.Percent, step.Message);
                    progress?.Report(step);
                    if (step.Failed)
                    {
                        throw new RemoteJupyterException(ErrorCode.HubSpawnFailed, $"{what} failed: {step.Message}");
                    }

                    if (step.Ready)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // A proxy or a restarting hub cut the stream; the list below says whether the spawn went on to succeed.
                LogProgressStreamLost(Logger, user, serverName ?? string.Empty, ex.Message);
            }
        }
        else if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The progress request bypasses SendAsync's JSON path, so the token check is repeated here.
            await api.SendAsync(HttpMethod.Get, "hub/api/user", null, what, cancellationToken);
        }

        // The stream ended (or was refused with "not starting") without a verdict: the hub's list has the last word.
        var server = await FindServerAsync(user, serverName, cancellationToken);
        if (server is { Ready: true })
        {
            LogReady(Logger, user, serverName ?? string.Empty, server.Url);
            return server;
        }

        throw new RemoteJupyterException(
            ErrorCode.HubSpawnFailed,
            $"{what} failed: the hub stopped reporting progress and does not list it as running" + (last is null ? "." : $" (last: {last.Message})."));
    }

    /// <summary>Waits out a stop the hub is still doing, since a spawn request during it is refused.</summary>
    private async Task<HubServer?> WaitWhilePendingStopAsync(string user, string? serverName, CancellationToken cancellationToken)
    {
        var server = await FindServerAsync(user, serverName, cancellationToken);
        return server?.Pending == "stop" ? await WaitUntilAsync(user, serverName, s => s?.Pending is null, SpawnTimeout, cancellationToken) : server;
    }

    /// <summary>
    /// Stops a spawn we asked for and no longer want. Hubs refuse to stop a pending spawn ("is pending spawn, please
    /// wait"), so this retries until the spawn has ended and the stop is taken, bounded by its own timeout.
    /// </summary>
    private async Task StopPendingSpawnAsync(string user, string? serverName)
    {
        using var cleanup = new CancellationTokenSource(CancelCleanupTimeout);
        LogStoppingCancelledSpawn(Logger, user, serverName ?? string.Empty);
        try
        {
            while (true)
            {
                var response = await api.SendAsync(HttpMethod.Delete, HubAddress.ServerPath(user, serverName), null, "Stopping the cancelled spawn", cleanup.Token);
                if (response.Status != HttpStatusCode.BadRequest)
                {
                    break;
                }

                await Task.Delay(PollInterval, cleanup.Token);
            }

            await WaitUntilAsync(user, serverName, s => s?.Pending is null, CancelCleanupTimeout, cleanup.Token);
        }
        catch (Exception ex) when (ex is RemoteJupyterException or OperationCanceledException)
        {
            // The caller's cancellation or timeout is the news; a failed cleanup is logged, not thrown over it.
            LogCancelledSpawnNotStopped(Logger, user, serverName ?? string.Empty, ex.Message);
        }
    }

    // The spawner's options as the JSON object the hub passes to it; empty when there are none.
    private static JsonObject SpawnBody(IReadOnlyDictionary<string, JsonElement>? options)
    {
        var body = new JsonObject();
        foreach (var (key, value) in options ?? new Dictionary<string, JsonElement>())
        {
            body[key] = JsonValue.Create(value);
        }

        return body;
    }
}
