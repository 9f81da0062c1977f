namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>
/// https at <c>localhost</c> with a certificate from a test CA: a server the system trusts once a process is started
/// with <c>SSL_CERT_FILE</c> pointing at <see cref="ExistingJupyterServer.CaPath"/> (the machine's store is untouched).
/// </summary>
public sealed class CaTrustedJupyterFixture() : ExistingJupyterServer(tls: true, withToken: true, caSigned: true)
{
    /// <summary>The environment under which .NET's chain building (OpenSSL's lookup) trusts the test CA.</summary>
    public IReadOnlyDictionary<string, string> TrustingEnvironment => new Dictionary<string, string> { ["SSL_CERT_FILE"] = CaPath };
}
