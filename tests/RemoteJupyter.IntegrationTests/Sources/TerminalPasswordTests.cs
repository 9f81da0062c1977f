using System.Diagnostics;
using System.Text;
using RemoteJupyter.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace RemoteJupyter.IntegrationTests.Sources;

/// <summary>
/// <c>connect URL</c> on a terminal: util-linux <c>script</c> gives the CLI a pseudo-terminal, and each answer is typed
/// only once its prompt is on screen (typed-ahead text would be echoed before the CLI turns echo off).
/// </summary>
public sealed class TerminalPasswordTests(PasswordJupyterFixture server, ITestOutputHelper output)
    : TestBase(output), IClassFixture<PasswordJupyterFixture>
{
    private const string Script = "/usr/bin/script";
    private const string Prompt = "Password for";

    [Fact]
    public async Task The_password_is_asked_again_after_a_wrong_one_and_never_echoed()
    {
        var (exit, transcript) = await RunOnTerminalAsync(["wrong-1", "wrong-2", server.Password]);

        Assert.True(exit == 0, transcript);
        Assert.Equal(2, Count(transcript, "Try again."));
        Assert.Contains(server.BaseUrl.AbsoluteUri, transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-1", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_wrong_passwords_end_the_attempt()
    {
        var (exit, transcript) = await RunOnTerminalAsync(["wrong-1", "wrong-2", "wrong-3"]);

        Assert.True(exit == 1, transcript);
        Assert.Equal(3, Count(transcript, Prompt));
        Assert.Contains("ServerLoginFailed: The server refused the password", transcript, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Transcript)> RunOnTerminalAsync(string[] answers)
    {
        Assert.True(File.Exists(Script), "util-linux script is needed to give the CLI a terminal");
        var dll = Path.Combine(AppContext.BaseDirectory, "remote-jupyter.dll");
        var info = new ProcessStartInfo(Script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-q", "-e", "-c", $"dotnet '{dll}' connect '{server.BaseUrl.AbsoluteUri}'", "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var transcript = new StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[1024];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, TimeoutToken)) > 0)
            {
                lock (transcript)
                {
                    transcript.Append(buffer, 0, read);
                }
            }
        });
        string Text()
        {
            lock (transcript)
            {
                return transcript.ToString();
            }
        }

        try
        {
            for (var i = 0; i < answers.Length; i++)
            {
                while (Count(Text(), Prompt) <= i)
                {
                    Assert.False(process.HasExited, "the CLI ended before asking:\n" + Text());
                    await Task.Delay(50, TimeoutToken);
                }

                await process.StandardInput.WriteAsync(answers[i] + "\r");
                await process.StandardInput.FlushAsync(TimeoutToken);
            }

            await process.WaitForExitAsync(TimeoutToken);
            await reading;
            Output.WriteLine(Text());
            return (process.ExitCode, Text());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
