using RemoteJupyter.Core.Sessions;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>Shows each stage on stderr as it starts and ends, so a slow step is never silent.</summary>
internal sealed class ProgressPrinter : IProgress<SessionProgress>
{
    private readonly bool quiet;

    public ProgressPrinter(bool quiet) => this.quiet = quiet;

    public void Report(SessionProgress value)
    {
        if (!quiet)
        {
            Console.Error.WriteLine(value.State switch
            {
                StageState.Completed => "  ✓ ",
                StageState.Output => "  │ ",
                _ => "  … ",
            } + value.Message);
        }
    }
}
