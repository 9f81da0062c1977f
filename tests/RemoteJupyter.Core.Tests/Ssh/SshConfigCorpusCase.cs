namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>
/// One config of the corpus: files to write (the first is passed with <c>-F</c>) and the targets to
/// resolve. In file names and texts, <c>{D}</c> becomes the case's temp folder and <c>{R}</c> the
/// name of a folder under <c>~/.ssh</c> (for relative <c>Include</c>s).
/// </summary>
internal sealed record SshConfigCorpusCase(string Name, string[] Targets, (string Path, string Text)[] Files)
{
    public static SshConfigCorpusCase Of(string name, string targets, string config, params (string Path, string Text)[] more) =>
        new(name, targets.Split(' '), [("config", config), .. more]);
}
