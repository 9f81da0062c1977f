namespace RemoteJupyter.Core.Ssh;

/// <summary>Where an <see cref="SshConnection"/> is in its life; the UI shows it.</summary>
public enum ConnectionState
{
    /// <summary>Up and answering keep-alives.</summary>
    Connected,

    /// <summary>The transport failed; a new one is being made. Tunnels keep their local ports and wait.</summary>
    Reconnecting,

    /// <summary>Given up (or closed): the tunnels are closed. Connect again to go on.</summary>
    Lost,
}

/// <summary>A change of <see cref="ConnectionState"/>, with a sentence a person can act on.</summary>
/// <param name="State">The new state.</param>
/// <param name="Message">What happened, e.g. "Reconnecting to u@h:22 (attempt 3, next in 4 s): Permission denied …".</param>
/// <param name="Attempt">The reconnect attempt that failed or is next; 0 outside reconnecting.</param>
/// <param name="RetryIn">When reconnecting, the wait before the next attempt.</param>
public sealed record ConnectionStateChanged(ConnectionState State, string Message, int Attempt = 0, TimeSpan? RetryIn = null);
