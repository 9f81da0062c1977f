using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>
/// Opens connections to the server: TCP to the dial address (the URL's host and port, or a tunnel), then TLS
/// checked against the URL's host. Bounded in time so a black-holed address fails instead of hanging.
/// </summary>
/// <param name="endpoint">Where to connect.</param>
/// <param name="tlsHost">The name to send as SNI and check the certificate against; null for plain http.</param>
/// <param name="validate">The certificate check; required with <paramref name="tlsHost"/>.</param>
internal sealed class UpstreamDialer(DnsEndPoint endpoint, string? tlsHost, RemoteCertificateValidationCallback? validate)
{
    /// <summary>How long TCP connect plus TLS handshake may take.</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(10);

    public DnsEndPoint Endpoint => endpoint;

    public async Task<UpstreamConnection> OpenAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ConnectTimeout);
        var where = $"{endpoint.Host}:{endpoint.Port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (tlsHost is null)
            {
                return new UpstreamConnection(stream, socket);
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = ssl;
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tlsHost,
                    RemoteCertificateValidationCallback = validate,

                    // Websockets need HTTP/1.1, and the relay passes bytes through without understanding HTTP/2.
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                },
                deadline.Token);
            return new UpstreamConnection(ssl, socket);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException ||
            (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket.Dispose();
            var why = ex switch
            {
                OperationCanceledException => $"no connection within {ConnectTimeout.TotalSeconds:0} s",
                AuthenticationException when tlsHost is not null => $"the TLS handshake failed ({ex.Message}); is it an http:// server, or did its certificate change?",
                IOException when tlsHost is not null => $"the TLS handshake failed ({ex.Message}); is it an http:// server?",
                _ => ex.Message,
            };
            throw new RemoteJupyterException(ErrorCode.ServerUnreachable, $"Could not reach the Jupyter server at {where}: {why}.", ex);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket.Dispose();
            throw;
        }
    }
}
