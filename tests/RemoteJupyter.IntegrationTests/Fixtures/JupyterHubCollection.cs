using System.Diagnostics.CodeAnalysis;

namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Tests in this collection share one real JupyterHub and run one after another.</summary>
[CollectionDefinition("jupyterhub")]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "xunit names collection definitions *Collection.")]
public sealed class JupyterHubCollection : ICollectionFixture<JupyterHubFixture>
{
}
