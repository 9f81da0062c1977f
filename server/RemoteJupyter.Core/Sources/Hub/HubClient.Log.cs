using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>The client's log lines (EventIds 5050–5069). None carries a token or password.</summary>
public sealed partial class HubClient
{
    [LoggerMessage(EventId = 5050, Level = LogLevel.Information, Message = "Asking the hub to start server '{Server}' of {User}")]
    private static partial void LogSpawnRequested(ILogger logger, string user, string server);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Debug, Message = "Spawn of '{Server}' for {User}: {Percent}% {Text}")]
    private static partial void LogProgress(ILogger logger, string user, string server, int percent, string text);

    [LoggerMessage(EventId = 5052, Level = LogLevel.Information, Message = "Server '{Server}' of {User} is ready at {Url}")]
    private static partial void LogReady(ILogger logger, string user, string server, Uri url);

    [LoggerMessage(EventId = 5053, Level = LogLevel.Information, Message = "Server '{Server}' of {User} is already running")]
    private static partial void LogAlreadyRunning(ILogger logger, string user, string server);

    [LoggerMessage(EventId = 5054, Level = LogLevel.Information, Message = "Spawn of '{Server}' for {User} cancelled or timed out: stopping it")]
    private static partial void LogStoppingCancelledSpawn(ILogger logger, string user, string server);

    [LoggerMessage(EventId = 5055, Level = LogLevel.Warning, Message = "Could not stop the cancelled spawn of '{Server}' for {User}: {Reason}")]
    private static partial void LogCancelledSpawnNotStopped(ILogger logger, string user, string server, string reason);

    [LoggerMessage(EventId = 5056, Level = LogLevel.Information, Message = "Asked the hub to stop server '{Server}' of {User} (remove: {Remove})")]
    private static partial void LogStopRequested(ILogger logger, string user, string server, bool remove);

    [LoggerMessage(EventId = 5057, Level = LogLevel.Information, Message = "New hub token {TokenId} for {User}, expires {ExpiresAt}")]
    private static partial void LogTokenCreated(ILogger logger, string user, string? tokenId, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 5058, Level = LogLevel.Warning, Message = "Lost the progress stream of '{Server}' for {User}: {Reason}")]
    private static partial void LogProgressStreamLost(ILogger logger, string user, string server, string reason);

    [LoggerMessage(EventId = 5059, Level = LogLevel.Information, Message = "Revoked the replaced hub token {TokenId} of {User}")]
    private static partial void LogOldTokenRevoked(ILogger logger, string user, string tokenId);

    [LoggerMessage(EventId = 5060, Level = LogLevel.Warning, Message = "Could not revoke the replaced hub token {TokenId} of {User}; it stays valid until it expires: {Reason}")]
    private static partial void LogOldTokenNotRevoked(ILogger logger, string user, string tokenId, string reason);

    [LoggerMessage(EventId = 5061, Level = LogLevel.Warning, Message = "Could not revoke the replaced hub token of {User}: the hub does not name it (before 5.0) and no token id was given; it stays valid until it expires")]
    private static partial void LogOldTokenIdUnknown(ILogger logger, string user);
}
