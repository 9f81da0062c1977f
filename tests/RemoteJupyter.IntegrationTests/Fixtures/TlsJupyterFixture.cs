namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>https with a self-signed certificate, accepting the password or a token.</summary>
public sealed class TlsJupyterFixture() : ExistingJupyterServer(tls: true, withToken: true);
