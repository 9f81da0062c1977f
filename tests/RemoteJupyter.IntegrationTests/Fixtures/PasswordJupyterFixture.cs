namespace RemoteJupyter.IntegrationTests.Fixtures;

/// <summary>Plain http, password only (token empty), as most hand-started servers run.</summary>
public sealed class PasswordJupyterFixture() : ExistingJupyterServer(tls: false, withToken: false);
