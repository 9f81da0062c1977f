using System.Diagnostics.CodeAnalysis;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Tests in this collection share one sshd and run one after another, so config changes never collide.</summary>
[CollectionDefinition("sshd")]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "xunit names collection definitions *Collection.")]
public sealed class SshdCollection : ICollectionFixture<SshdFixture>
{
}
