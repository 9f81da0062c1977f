using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;
using RemoteJupyter.Core.Sessions;
using RemoteJupyter.Core.Slurm;
using RemoteJupyter.IntegrationTests.Fixtures;

namespace RemoteJupyter.IntegrationTests.Slurm;

/// <summary>
/// Reaching the node's Jupyter: a jump (SSH to the node through the login node; here the node's sshd is the fixture's own, on
/// 127.0.0.1), the fallback when the node refuses SSH, Jupyter on the node's address, and the job comment when the login
/// node cannot read the job's files.
/// </summary>
public sealed partial class SlurmJobTests
{
    [Fact]
    public async Task Jump_access_reaches_the_loopback_of_the_node_through_an_ssh_connection_to_it_and_says_so_in_the_log()
    {
        var logs = new CapturedLogs();
        using var factory = Capturing(logs);
        var jobs = new SlurmJobs(factory) { StartTimeout = TimeSpan.FromSeconds(30) };
        using var connection = await ConnectAsync();
        var request = new SlurmRequest(SlurmFixture.Partition, "5") { NodeAccess = SlurmNodeAccess.Jump, NodeSshPort = slurm.Host.Port };
        var watch = Stopwatch.StartNew();
        string id;
        using (var server = await jobs.StartAsync(connection, layout, request, 0, new RecordingPrompts(), null, TimeoutToken))
        {
            Output.WriteLine($"sbatch → answering through the jump in {watch.ElapsedMilliseconds} ms");
            id = server.Id;
            Assert.Equal(("jump", "loopback"), (server.Access, server.Endpoint.Mode));
            using var client = new JupyterApiClient(server.LocalUrl, server.Token.Value);
            var kernel = await client.StartKernelAsync(null, TimeoutToken);
            Assert.Equal("5\n", (await client.ExecuteAsync(kernel, "print(2 + 3)", TimeoutToken)).Stdout);
        }

        Assert.Contains(logs.Lines, l => l.Contains("reached by jump", StringComparison.Ordinal));
        Output.WriteLine(Assert.Single(logs.Lines, l => l.Contains("through the login node in", StringComparison.Ordinal)));

        // A reattach reaches it the way it was submitted: the access file says jump and the port.
        using (var again = await jobs.AttachAsync(connection, layout, id, 0, null, new RecordingPrompts(), TimeoutToken))
        {
            Assert.Equal("jump", again.Access);
            using var client = new JupyterApiClient(again.LocalUrl, again.Token.Value);
            await client.GetStatusAsync(TimeoutToken);
        }

        await jobs.StopAsync(connection.Shell, layout, id, TimeoutToken);
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    [Fact]
    public async Task A_node_that_refuses_ssh_gets_the_job_resubmitted_with_jupyter_on_its_address_and_only_that_job_remains()
    {
        var logs = new CapturedLogs();
        using var factory = Capturing(logs);
        var jobs = new SlurmJobs(factory) { StartTimeout = TimeSpan.FromSeconds(30) };
        using var connection = await ConnectAsync();
        var messages = new List<string>();
        var progress = new SynchronousProgress<SessionProgress>(p => messages.Add(p.Message));
        var request = new SlurmRequest(SlurmFixture.Partition, "5") { NodeAccess = SlurmNodeAccess.Jump, NodeSshPort = ClosedLoopbackPort() };
        var watch = Stopwatch.StartNew();
        using var server = await jobs.StartAsync(connection, layout, request, 0, new RecordingPrompts(), progress, TimeoutToken);
        Output.WriteLine($"refused jump → resubmitted → answering in {watch.ElapsedMilliseconds} ms\n" + string.Join('\n', messages));
        Assert.Equal(("node-address", "node-address"), (server.Access, server.Endpoint.Mode));
        Assert.Contains(messages, m => m.StartsWith("Node node1 refuses SSH (", StringComparison.Ordinal) && m.EndsWith("resubmitting with Jupyter on the node's address, token as the only key", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("refuses SSH", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("reached by node-address", StringComparison.Ordinal));
        Assert.Equal([server.Status.JobId], await slurm.ActiveJobsAsync(TimeoutToken));
        Assert.Single(await SlurmJobs.ListAsync(connection.Shell, layout, TimeoutToken));

        using (var client = new JupyterApiClient(server.LocalUrl, server.Token.Value))
        {
            await client.GetStatusAsync(TimeoutToken);
        }

        Assert.Equal("shut-down", await jobs.StopAsync(connection.Shell, layout, server.Id, TimeoutToken));
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    [Fact]
    public async Task Node_address_access_binds_jupyter_to_the_nodes_address_with_the_token_as_the_only_key()
    {
        using var connection = await ConnectAsync();
        var request = new SlurmRequest(SlurmFixture.Partition, "5") { NodeAccess = SlurmNodeAccess.NodeAddress };
        using (var server = await Jobs.StartAsync(connection, layout, request, 0, new RecordingPrompts(), null, TimeoutToken))
        {
            Assert.Equal(("node-address", "127.0.0.1", "node-address"), (server.Endpoint.Mode, server.Endpoint.Address, server.Access));
            using var client = new JupyterApiClient(server.LocalUrl, server.Token.Value);
            await client.GetStatusAsync(TimeoutToken);
            using var anonymous = new HttpClient();
            var refused = await anonymous.GetAsync(new Uri(server.LocalUrl, "api/kernels"), TimeoutToken);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("shut-down", await Jobs.StopAsync(connection.Shell, layout, server.Id, TimeoutToken));
        }

        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    [Fact]
    public async Task Without_the_jobs_files_the_endpoint_comes_from_the_job_comment_and_attach_takes_the_token_it_is_given()
    {
        using var connection = await ConnectAsync();
        string id;
        string token;
        using (var server = await Jobs.StartAsync(connection, layout, new SlurmRequest(SlurmFixture.Partition, "5"), 0, new RecordingPrompts(), null, TimeoutToken))
        {
            (id, token) = (server.Id, server.Token.Value);
        }

        // What a login node sees of a job on a node without a shared home: its jobid, nothing the job wrote.
        var dir = SlurmJobScript.QuotedDir(layout, id);
        var removed = await connection.Shell.RunScriptAsync("forget-endpoint", $"rm -f {dir}/endpoint {dir}/runtime/jpserver-*.json", TimeoutToken);
        Assert.True(removed.Succeeded, removed.Stderr);
        var job = Assert.Single(await SlurmJobs.ListAsync(connection.Shell, layout, TimeoutToken));
        Output.WriteLine(job.Status.Comment);
        Assert.Equal((SlurmFixture.NodeName, "loopback"), (job.Endpoint!.Node, job.Endpoint.Mode));
        Assert.Equal((SlurmFixture.Partition, 300L), (job.Status.Partition, job.Status.TimeLimitSeconds));

        var error = await Assert.ThrowsAsync<RemoteJupyterException>(() => Jobs.AttachAsync(connection, layout, id, 0, null, new RecordingPrompts(), TimeoutToken));
        Assert.Contains("token is not readable", error.Message, StringComparison.Ordinal);
        using (var again = await Jobs.AttachAsync(connection, layout, id, 0, JupyterToken.FromValue(token), new RecordingPrompts(), TimeoutToken))
        {
            using var client = new JupyterApiClient(again.LocalUrl, again.Token.Value);
            await client.GetStatusAsync(TimeoutToken);
        }

        Assert.Equal("cancelled", await Jobs.StopAsync(connection.Shell, layout, id, TimeoutToken));
        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private ILoggerFactory Capturing(CapturedLogs logs) =>
        Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(logs)
            .AddProvider(new XunitLoggerProvider(Output)));
}
