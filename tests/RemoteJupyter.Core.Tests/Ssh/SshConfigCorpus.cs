namespace RemoteJupyter.Core.Tests.Ssh;

/// <summary>ssh_config files whose resolution must agree with <c>ssh -G</c>, field by field.</summary>
internal static partial class SshConfigCorpus
{
    public static IReadOnlyDictionary<string, SshConfigCorpusCase> Cases { get; } =
        Basics().Concat(MatchPasses()).Concat(Includes()).Concat(Options()).Concat(Traps()).ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names => [.. Cases.Keys];
}
