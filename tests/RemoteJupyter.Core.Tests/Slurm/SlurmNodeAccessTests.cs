using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Slurm;

namespace RemoteJupyter.Core.Tests.Slurm;

/// <summary>How a job says where it listens (file or comment), how it was submitted to be reached, and the job script's environment.</summary>
public sealed class SlurmNodeAccessTests
{
    [Fact]
    public void The_comment_carries_the_same_fields_as_the_endpoint_file()
    {
        var fromComment = SlurmEndpoint.ParseComment("rj:node1,127.0.0.1,40123,loopback,box,10.0.0.7");
        var fromFile = SlurmEndpoint.Parse("node1 127.0.0.1 40123 loopback box 10.0.0.7");
        Assert.Equal(fromFile, fromComment);
        Assert.Equal(("10.0.0.7", "10.0.0.7"), (fromComment!.NodeAddress, fromComment.JumpAddress));

        // A job submitted before NodeAddr was recorded: the jump goes to the node's hostname.
        var old = SlurmEndpoint.Parse("node1 127.0.0.1 40123 loopback box")!;
        Assert.Equal((null, "box"), (old.NodeAddress, old.JumpAddress));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("my analysis")]
    [InlineData("rj:node1,127.0.0.1,notaport,loopback,box")]
    [InlineData("rj:node1,127.0.0.1,40123")]
    [InlineData("rj:node1,,40123,loopback,box")]
    public void Other_comments_are_no_endpoint(string? comment) => Assert.Null(SlurmEndpoint.ParseComment(comment));

    [Fact]
    public void Queue_lines_carry_partition_time_limit_and_comment()
    {
        var job = Assert.Single(SlurmJobStatusParser.ParseQueue("12|RUNNING|None|node1|9:58|debug|10:00|rj:node1,127.0.0.1,40123,loopback,box,127.0.0.1"));
        Assert.Equal(("debug", 600L, 598L), (job.Partition, job.TimeLimitSeconds, job.TimeLeftSeconds));
        Assert.Equal(40123, SlurmEndpoint.ParseComment(job.Comment)!.Port);

        var unlimited = Assert.Single(SlurmJobStatusParser.ParseQueue("13|PENDING|Resources||UNLIMITED|gpu|UNLIMITED|(null)"));
        Assert.Equal(("gpu", null, null), (unlimited.Partition, unlimited.TimeLimitSeconds, unlimited.Comment));

        // A comment of someone's own may hold the separator: it is the last field, kept whole.
        Assert.Equal("a|b", Assert.Single(SlurmJobStatusParser.ParseQueue("14|RUNNING|None|node1|1:00|debug|2:00|a|b")).Comment);
    }

    [Fact]
    public void Without_the_endpoint_file_the_probe_and_the_list_read_the_comment()
    {
        const string queue = "7|RUNNING|None|node1|59:58|debug|1:00:00|rj:node1,127.0.0.1,40000,loopback,c1,127.0.0.1";
        var snapshot = SlurmJobProbe.Parse("7", "loginhost=c1\nqueue=" + queue + "\naccess=jump 2222\n");
        Assert.Equal(new SlurmEndpoint("node1", "127.0.0.1", 40000, "loopback", "c1") { NodeAddress = "127.0.0.1" }, snapshot.Endpoint);
        Assert.Equal((SlurmNodeAccess.Jump, 2222), (snapshot.NodeAccess, snapshot.NodeSshPort));

        var job = Assert.Single(SlurmJobs.ParseList("job=a1 " + queue + "\n"));
        Assert.Equal(40000, job.Endpoint!.Port);

        // The file wins over the comment when both are there.
        var both = SlurmJobProbe.Parse("7", "queue=" + queue + "\nendpoint=node1 127.0.0.1 40001 loopback c1 127.0.0.1\n");
        Assert.Equal(40001, both.Endpoint!.Port);
    }

    [Theory]
    [InlineData(null, SlurmNodeAccess.Auto, 22)]
    [InlineData("node-address 22", SlurmNodeAccess.NodeAddress, 22)]
    [InlineData("jump 2222", SlurmNodeAccess.Jump, 2222)]
    [InlineData("jump 99999", SlurmNodeAccess.Jump, 22)]
    [InlineData("sideways 22", SlurmNodeAccess.Auto, 22)]
    public void The_access_file_says_how_a_reattach_reaches_the_node(string? text, SlurmNodeAccess access, int port)
    {
        var snapshot = SlurmJobProbe.Parse("7", text is null ? string.Empty : "access=" + text + "\n");
        Assert.Equal((access, port), (snapshot.NodeAccess, snapshot.NodeSshPort));
    }

    [Fact]
    public void Access_names_round_trip()
    {
        foreach (var access in Enum.GetValues<SlurmNodeAccess>())
        {
            Assert.Equal(access, SlurmNodeAccessNames.Parse(SlurmNodeAccessNames.Name(access)));
        }

        Assert.Equal(SlurmNodeAccess.Auto, SlurmNodeAccessNames.Parse(null));
        Assert.Equal(SlurmNodeAccess.NodeAddress, SlurmNodeAccessNames.Parse("Node-Address"));
        Assert.Null(SlurmNodeAccessNames.Parse("ssh"));
    }

    [Fact]
    public void The_job_binds_the_loopback_unless_node_address_access_is_asked_for_and_always_sets_its_comment()
    {
        var layout = new ServerLayout();
        var loopback = SlurmJobScript.BuildJob(layout, "abc", new SlurmRequest { NodeAccess = SlurmNodeAccess.Jump });
        Assert.Contains("bind=127.0.0.1\nmode=loopback\n", loopback.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var address = SlurmJobScript.BuildJob(layout, "abc", new SlurmRequest { NodeAccess = SlurmNodeAccess.NodeAddress });
        Assert.Contains("bind=$addr\nmode=node-address\n", address.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (var script in new[] { loopback, address })
        {
            Assert.Contains("scontrol update JobId=\"$SLURM_JOB_ID\" Comment=\"rj:$node,$bind,$port,$mode,$host,$addr\" >/dev/null 2>&1 || :", script, StringComparison.Ordinal);
        }

        var submit = SlurmJobScript.BuildSubmit(layout, "abc", new SlurmRequest { NodeAccess = SlurmNodeAccess.Jump, NodeSshPort = 2222 }, JupyterToken.Create());
        Assert.Contains("printf '%s %s\\n' jump 2222 > \"$dir/access\"", submit, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conda_prefix_is_activated_with_condas_hook_else_its_activate_script()
    {
        var script = SlurmJobScript.BuildJob(new ServerLayout(), "abc", new SlurmRequest { CondaPrefix = "/home/me/envs/my env/", Modules = ["anaconda3"] })
            .ReplaceLineEndings("\n");
        Assert.Contains("prefix='/home/me/envs/my env'\n", script, StringComparison.Ordinal);
        Assert.Contains("eval \"$(conda shell.posix hook 2>/dev/null)\" && conda activate \"$prefix\"", script, StringComparison.Ordinal);
        Assert.Contains("elif [ -r \"$prefix/bin/activate\" ]; then . \"$prefix/bin/activate\" \"$prefix\" || exit 93", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("module load anaconda3", StringComparison.Ordinal) < script.IndexOf("conda activate", StringComparison.Ordinal), "modules load first");
        Assert.True(script.IndexOf("conda activate", StringComparison.Ordinal) < script.IndexOf("py=", StringComparison.Ordinal), "python is found after activation");
        Assert.DoesNotContain("/bin/activate' || exit 94", script, StringComparison.Ordinal);
    }
}
