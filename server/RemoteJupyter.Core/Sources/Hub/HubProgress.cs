namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>One event of a hub's spawn progress stream.</summary>
/// <param name="Percent">0–100 as the hub reports it.</param>
/// <param name="Message">The hub's own words, like "Spawning server...".</param>
/// <param name="Ready">The server is up: the last event of a successful spawn.</param>
/// <param name="Failed">The spawn failed: the last event, <paramref name="Message"/> says why.</param>
public sealed record HubProgress(int Percent, string Message, bool Ready, bool Failed);
