using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Slurm;

[Collection("sshd")]
public sealed class SlurmFixtureTests(SlurmFixture slurm, ITestOutputHelper output) : TestBase(output), IClassFixture<SlurmFixture>
{
    [Fact]
    public async Task A_job_submitted_by_the_test_user_over_ssh_runs_as_that_user()
    {
        Output.WriteLine($"cluster idle after {slurm.StartDuration.TotalSeconds:F1} s");
        var submitted = await slurm.SshLoginAsync("sbatch --parsable -o /dev/null --wrap 'sleep 30'", TimeoutToken);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var jobId = submitted.Stdout.Trim();
        Assert.Matches("^[0-9]+$", jobId);
        try
        {
            var user = await slurm.RunLocalAsync("/usr/bin/squeue", ["-h", "-j", jobId, "-o", "%u"], TimeoutToken);
            Assert.Equal(slurm.Host.UserName, user.Trim());
        }
        finally
        {
            await slurm.CancelAllAsync(TimeoutToken);
        }

        Assert.Empty(await slurm.ActiveJobsAsync(TimeoutToken));
    }
}
