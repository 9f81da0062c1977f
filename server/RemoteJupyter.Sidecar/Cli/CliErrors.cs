using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>How verbs report failure: one readable message on stderr and a named exit code.</summary>
internal static class CliErrors
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (RemoteJupyterException ex) when (ex.Code == ErrorCode.Cancelled)
        {
            await Console.Error.WriteLineAsync($"remote-jupyter: cancelled: {ex.Message}");
            return Cancelled;
        }
        catch (RemoteJupyterException ex)
        {
            await Console.Error.WriteLineAsync($"remote-jupyter: {ex.Code}: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("remote-jupyter: cancelled.");
            return Cancelled;
        }
    }
}
