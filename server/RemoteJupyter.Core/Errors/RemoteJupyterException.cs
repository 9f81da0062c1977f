namespace RemoteJupyter.Core.Errors;

/// <summary>
/// A failure the person can act on: a stable <see cref="ErrorCode"/> and a message that says what went
/// wrong and what to do. Messages never contain secrets.
/// </summary>
public sealed class RemoteJupyterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteJupyterException(ErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    /// <summary>The stable code.</summary>
    public ErrorCode Code { get; }
}
