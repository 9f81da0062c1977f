using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using RemoteJupyter.Sidecar.Cli;
using RemoteJupyter.Sidecar.Hosting;

// Under --stdio, stdout is the RPC stream: take the raw stream first, then point Console.Out at stderr
// so no stray Console.WriteLine can corrupt the framing.
var stdout = Console.OpenStandardOutput();
var root = CommandLine.Build(async (clientPid, logging, cancellationToken) =>
{
    Console.SetOut(Console.Error);
    using var host = SidecarHost.CreateRpcHost(new SidecarStreams(Console.OpenStandardInput(), stdout), logging, clientPid);
    await host.RunAsync(cancellationToken);
    return 0;
});

// Ctrl-C / SIGTERM cancel the verb's token; clean-up (stopping a server, removing temp dirs) gets time.
// A closed terminal (SIGHUP) means the same: without this, the runtime would exit with no clean-up.
using var hangup = new CancellationTokenSource();
using var onHangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = true;
    hangup.Cancel();
});
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(45) }, hangup.Token);
