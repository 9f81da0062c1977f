namespace RemoteJupyter.Core.Tests.Environments;

/// <summary>
/// Outputs of tools that cannot be installed here (conda, micromamba, uv, virtualenv), recorded from real runs
/// with the user's home folder written as /home/u.
/// </summary>
internal static class RecordedOutput
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Environments", "Recorded", name));
}
