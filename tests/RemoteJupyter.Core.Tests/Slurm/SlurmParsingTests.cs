using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;

namespace RemoteJupyter.Core.Tests.Slurm;

/// <summary>Outputs recorded from slurm-wlm 22.05.8 (Debian 12), one node with 2 CPUs, partition debug.</summary>
public sealed class SlurmParsingTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Slurm", "Recorded", name));

    [Theory]
    [InlineData("5:00", 300L)]
    [InlineData("0:50", 50L)]
    [InlineData("2:00:00", 7200L)]
    [InlineData("1-02:03:04", 93784L)]
    [InlineData("1-02", 93600L)]
    [InlineData("30", 1800L)]
    [InlineData("UNLIMITED", null)]
    [InlineData("infinite", null)]
    [InlineData("NOT_SET", null)]
    [InlineData("", null)]
    public void Slurm_times_become_seconds(string text, long? seconds) => Assert.Equal(seconds, SlurmTime.ParseSeconds(text));

    [Fact]
    public void Partitions_from_sinfo()
    {
        var partition = Assert.Single(SlurmPartitionParser.Parse(Read("sinfo-partitions.txt")));
        Assert.Equal(new SlurmPartition("debug", true, true, null, 1, "2", "1", null, 1), partition);
    }

    [Fact]
    public void Queue_lines_with_pending_reason_and_running_node()
    {
        var jobs = SlurmJobStatusParser.ParseQueue(Read("squeue-all.txt"));
        Assert.Equal(2, jobs.Count);
        Assert.Equal(new SlurmJobStatus("4", "PENDING", "Resources", null, 300), jobs[0]);
        Assert.True(jobs[0].IsPending);
        Assert.Equal(new SlurmJobStatus("3", "RUNNING", null, "node1", null), jobs[1]);
        Assert.Equal(new SlurmJobStatus("4", "RUNNING", null, "node1", 298), Assert.Single(SlurmJobStatusParser.ParseQueue(Read("squeue-running.txt"))));
    }

    [Fact]
    public void Scontrol_tells_a_timed_out_job_and_the_time_left_of_a_running_one()
    {
        var ended = SlurmJobStatusParser.ParseScontrol(Read("scontrol-timeout.txt"))!;
        Assert.Equal(("4", "TIMEOUT", "TimeLimit"), (ended.JobId, ended.State, ended.Reason));
        Assert.True(ended.HasEnded);
        var running = SlurmJobStatusParser.ParseScontrol(Read("scontrol-running.txt"))!;
        Assert.Equal(("RUNNING", "node1"), (running.State, running.Node));
        Assert.Equal(600, running.TimeLeftSeconds);
        Assert.Null(SlurmJobStatusParser.ParseScontrol("slurm_load_jobs error: Invalid job id specified"));
    }

    [Fact]
    public void Detection_output_with_and_without_slurm()
    {
        var found = SlurmDetector.Parse(
            "sinfo=/usr/bin/sinfo\nsbatch=/usr/bin/sbatch\nconf=/tmp/x/slurm.conf\nversion=slurm-wlm 22.05.8\n--rj-partitions--\n" + Read("sinfo-partitions.txt"));
        Assert.True(found.Available);
        Assert.Equal(("/tmp/x/slurm.conf", "slurm-wlm 22.05.8"), (found.SlurmConf, found.Version));
        Assert.Equal("debug", Assert.Single(found.Partitions).Name);

        var none = SlurmDetector.Parse("sinfo=\nsbatch=\nconf=\n");
        Assert.False(none.Available);
        Assert.Empty(none.Partitions);

        var down = SlurmDetector.Parse("sinfo=/usr/bin/sinfo\nsbatch=/usr/bin/sbatch\nconf=\nversion=slurm-wlm 22.05.8\n--rj-sinfo-failed--\nsinfo: error: Unable to contact slurm controller (connect failure)\n");
        Assert.False(down.Available);
        Assert.Contains("Unable to contact", down.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_output_of_an_ended_job_carries_state_and_log()
    {
        var output = string.Join('\n', Read("scontrol-timeout.txt").Split('\n').Select(l => "scontrol=" + l)) +
            "\nendpoint=node1 127.0.0.1 41234 loopback login1\nloginhost=login1\nlog=[I ServerApp] Jupyter Server is running\nlog=slurmstepd: error: *** JOB 4 CANCELLED DUE TO TIME LIMIT ***\n";
        var snapshot = SlurmJobProbe.Parse("4", output);
        Assert.Equal("TIMEOUT", snapshot.Status.State);
        Assert.Equal(new SlurmEndpoint("node1", "127.0.0.1", 41234, "loopback", "login1"), snapshot.Endpoint);
        Assert.Equal("login1", snapshot.LoginHost);
        Assert.Equal(2, snapshot.LastLogLines.Count);
        Assert.Null(snapshot.Token);
        Assert.Equal("UNKNOWN", SlurmJobProbe.Parse("9", string.Empty).Status.State);
    }

    [Fact]
    public void Job_list_joins_queue_lines_and_endpoints()
    {
        var jobs = SlurmJobs.ParseList("job=a1 7|RUNNING|None|node1|59:58\nendpoint=a1 node1 127.0.0.1 40000 loopback c1\njob=b2 8|TIMEOUT|TimeLimit||\n");
        Assert.Equal(2, jobs.Count);
        Assert.Equal(("a1", "7", 3598L), (jobs[0].Id, jobs[0].Status.JobId, jobs[0].Status.TimeLeftSeconds!.Value));
        Assert.Equal(40000, jobs[0].Endpoint!.Port);
        Assert.Equal(("b2", "TIMEOUT", "TimeLimit"), (jobs[1].Id, jobs[1].Status.State, jobs[1].Status.Reason));
        Assert.Null(jobs[1].Endpoint);
    }

    [Fact]
    public void The_token_is_exported_in_the_submit_script_and_never_an_sbatch_argument()
    {
        var token = JupyterToken.Create();
        var request = new SlurmRequest("debug", "2:00:00", 4, "16G", "gpu:1", "lab", ["--qos=short"]) { Modules = ["python/3.11"] };
        var script = SlurmJobScript.BuildSubmit(new ServerLayout(), "abc", request, token);
        var sbatchLine = Assert.Single(script.Split('\n'), l => l.Contains("sbatch ", StringComparison.Ordinal));
        Assert.DoesNotContain(token.Value, sbatchLine, StringComparison.Ordinal);
        Assert.Contains("'--partition=debug' '--time=2:00:00' '--cpus-per-task=4' '--mem=16G' '--gres=gpu:1' '--account=lab' '--qos=short'", sbatchLine, StringComparison.Ordinal);
        Assert.Single(script.Split('\n'), l => l.Contains(token.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(token.Value, SlurmJobScript.BuildJob(new ServerLayout(), "abc", request), StringComparison.Ordinal);
        Assert.Contains("module load python/3.11 ", SlurmJobScript.BuildJob(new ServerLayout(), "abc", request), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_binding_is_directly_reachable_only_from_the_same_host()
    {
        Assert.True(new SlurmEndpoint("node1", "127.0.0.1", 4000, "loopback", "box").DirectlyReachableFrom("box"));
        Assert.False(new SlurmEndpoint("node1", "127.0.0.1", 4000, "loopback", "gpu17").DirectlyReachableFrom("login1"));
        Assert.False(new SlurmEndpoint("node1", "127.0.0.1", 4000, "loopback", "gpu17").DirectlyReachableFrom(null));
        Assert.True(new SlurmEndpoint("gpu17", "10.1.2.17", 4000, "node-address", "gpu17").DirectlyReachableFrom("login1"));
    }
}
