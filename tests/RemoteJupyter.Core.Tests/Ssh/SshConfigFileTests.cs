using RemoteJupyter.Core.Errors;
using RemoteJupyter.Core.Ssh;

namespace RemoteJupyter.Core.Tests.Ssh;

public sealed class SshConfigFileTests : IDisposable
{
    private const string LocalUser = "localme";

    private readonly string home = Directory.CreateTempSubdirectory("rj-sshconfig-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public void Without_any_config_OpenSSH_defaults_apply()
    {
        var resolved = Resolve("Example.COM", "");

        Assert.Equal("Example.COM", resolved.Alias);
        Assert.Equal("example.com", resolved.HostName);
        Assert.Equal(22, resolved.Port);
        Assert.Equal(LocalUser, resolved.User);
        Assert.False(resolved.IdentitiesOnly);
        Assert.Equal(
            ["id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk"],
            resolved.IdentityFiles.Select(path => Path.GetRelativePath(InHome(".ssh"), path)));
        Assert.Equal([InHome(".ssh/known_hosts"), InHome(".ssh/known_hosts2")], resolved.UserKnownHostsFiles);
    }

    [Fact]
    public void A_matching_Host_block_supplies_every_supported_option()
    {
        var resolved = Resolve("gpu", """
            Host gpu
              HostName gpu01.lab.example
              Port 2222
              User alice
              IdentityFile ~/.ssh/lab_ed25519
              IdentitiesOnly yes
              UserKnownHostsFile ~/.ssh/lab_known_hosts
            """);

        Assert.Equal(
            new ResolvedHost("gpu", "gpu01.lab.example", 2222, "alice", resolved.IdentityFiles, true, resolved.UserKnownHostsFiles)
            {
                IdentityFileSpecs = resolved.IdentityFileSpecs,
                ProxyJump = resolved.ProxyJump,
                Warnings = resolved.Warnings,
            },
            resolved);
        Assert.Equal([InHome(".ssh/lab_ed25519")], resolved.IdentityFiles);
        Assert.Equal([InHome(".ssh/lab_known_hosts")], resolved.UserKnownHostsFiles);
    }

    [Fact]
    public void User_and_port_typed_in_the_target_beat_the_config()
    {
        const string Config = """
            Host gpu
              User alice
              Port 2222
              IdentityFile ~/.ssh/key_%r_%p
            """;

        var resolved = Resolve("bob@gpu:2200", Config);

        Assert.Equal(("bob", 2200), (resolved.User, resolved.Port));
        Assert.Equal([InHome(".ssh/key_bob_2200")], resolved.IdentityFiles);
        Assert.Equal(("alice", 2222), (Resolve("gpu", Config).User, Resolve("gpu", Config).Port));
    }

    [Theory]
    [InlineData("web1", true)]
    [InlineData("web42", true)]
    [InlineData("web", true)]
    [InlineData("WEB1", false)]
    [InlineData("web1.example.com", false)]
    [InlineData("db7", true)]
    [InlineData("db77", false)]
    [InlineData("webadmin", false)]
    public void Host_patterns_support_wildcards_negation_and_several_patterns(string alias, bool matches)
    {
        var resolved = Resolve(alias, """
            Host web* db? !webadmin !*.example.com
              Port 1234
            """);

        Assert.Equal(matches ? 1234 : 22, resolved.Port);
    }

    [Fact]
    public void Host_patterns_are_matched_against_the_alias_not_the_HostName()
    {
        var resolved = Resolve("short", """
            Host short
              HostName long.example.com
            Host long.example.com
              Port 2222
            Host *.example.com
              User nobody
            """);

        Assert.Equal(("long.example.com", 22, LocalUser), (resolved.HostName, resolved.Port, resolved.User));
    }

    [Fact]
    public void A_comma_is_part_of_a_Host_pattern_not_a_separator_like_OpenSSH()
    {
        Assert.Equal(22, Resolve("a", "Host a,b\n  Port 2222").Port);
        Assert.Equal(2222, Resolve("a", "Host b a\n  Port 2222").Port);
    }

    [Fact]
    public void The_first_value_obtained_wins_and_identity_files_accumulate_without_duplicates()
    {
        var resolved = Resolve("gpu", """
            Host gpu
              Port 2222
              IdentityFile ~/.ssh/first
              UserKnownHostsFile ~/kh/one ~/kh/two
            Host gpu
              Port 3333
              User alice
              IdentityFile ~/.ssh/second
              IdentityFile ~/.ssh/first
              UserKnownHostsFile ~/kh/three
              IdentitiesOnly yes
            Host *
              User bob
              IdentitiesOnly no
              IdentityFile ~/.ssh/third
            """);

        Assert.Equal(2222, resolved.Port);
        Assert.Equal("alice", resolved.User);
        Assert.True(resolved.IdentitiesOnly);
        Assert.Equal([InHome(".ssh/first"), InHome(".ssh/second"), InHome(".ssh/third")], resolved.IdentityFiles);
        Assert.Equal([InHome("kh/one"), InHome("kh/two")], resolved.UserKnownHostsFiles);
    }

    [Fact]
    public void Options_before_the_first_Host_line_apply_to_every_host()
    {
        var resolved = Resolve("anything", """
            User everyone
            Host other
              User someone
            """);

        Assert.Equal("everyone", resolved.User);
    }

    [Fact]
    public void Syntax_follows_ssh_config_keywords_equals_signs_quotes_and_comments()
    {
        var resolved = Resolve("gpu", """
            # A comment line, then a blank one

            HOST=gpu # trailing comment
            	hOsTnAmE = gpu01.example
              PORT=2222
              user "alice"   # comment after a quoted value
              IdentityFile "~/my keys/id one"
              IdentityFile '~/single "quoted"'
              IdentityFile ~/escaped\ space
              IdentityFile "~/with # hash"
              IdentitiesOnly TRUE
              UserKnownHostsFile "~/kh a" ~/kh\ b#notacomment
            """);

        Assert.Equal("gpu01.example", resolved.HostName);
        Assert.Equal(2222, resolved.Port);
        Assert.Equal("alice", resolved.User);
        Assert.True(resolved.IdentitiesOnly);
        Assert.Equal(
            [InHome("my keys/id one"), InHome("single \"quoted\""), InHome("escaped space"), InHome("with # hash")],
            resolved.IdentityFiles);
        Assert.Equal([InHome("kh a"), InHome("kh b#notacomment")], resolved.UserKnownHostsFiles);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var resolved = Resolve("gpu", "Host gpu\r\n  HostName gpu01\r\n  Port 2222\r\n  User \"alice\"\r\n");

        Assert.Equal(("gpu01", 2222, "alice"), (resolved.HostName, resolved.Port, resolved.User));
    }

    [Fact]
    public void Unknown_keywords_are_ignored_and_Include_is_followed()
    {
        WriteHome(".ssh/included", "Port 9999");

        var resolved = Resolve("gpu", """
            Include ~/.ssh/included
            Host gpu
              ForwardAgent yes
              SomeFutureKeyword with "several" arguments
              LonelyKeyword
              Port 2222
            """);

        Assert.Equal(9999, resolved.Port);
        Assert.True(resolved.ForwardAgent);
        Assert.Contains(resolved.Warnings, w => w.Contains("ForwardAgent", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_exec_is_never_run_and_leaves_a_warning()
    {
        var marker = Path.Join(home, "exec-ran");
        var resolved = Resolve("gpu", $"Match exec \"touch {marker}\"\n  Port 2222");

        Assert.Equal(22, resolved.Port);
        Assert.False(File.Exists(marker));
        Assert.Contains(resolved.Warnings, w => w.Contains("Match exec", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_final_blocks_apply_in_a_second_reading_with_the_settled_host_name()
    {
        var resolved = Resolve("gpu", """
            Match final host real.example
              Port 2222
            Match canonical
              User carol
            Host gpu
              HostName REAL.example
            Match final
              HostName ignored.example
            """);

        Assert.Equal(("real.example", 2222, "carol"), (resolved.HostName, resolved.Port, resolved.User));
    }

    [Fact]
    public void HostName_expands_percent_h_and_percent_percent_and_is_lower_cased()
    {
        Assert.Equal("gpu.lab.example", Resolve("GPU", "Host GPU\n  HostName %h.Lab.Example").HostName);
        Assert.Equal("a%b", Resolve("a", "Host a\n  HostName %h%%b").HostName);
    }

    [Fact]
    public void Paths_expand_tilde_and_the_supported_tokens()
    {
        var resolved = Resolve("bob@Gpu:2200", """
            Host Gpu
              HostName gpu01.example
              IdentityFile ~/k/%d|%u|%h|%r|%p|%n|%%
              IdentityFile %d/k2
              IdentityFile ~
              UserKnownHostsFile /abs/%h_%p ~/rel/%r
            """);

        Assert.Equal([$"{home}/k/{home}|{LocalUser}|gpu01.example|bob|2200|Gpu|%", $"{home}/k2", home], resolved.IdentityFiles);
        Assert.Equal(["/abs/gpu01.example_2200", InHome("rel/bob")], resolved.UserKnownHostsFiles);
    }

    [Fact]
    public void A_tilde_produced_by_a_token_is_not_expanded()
    {
        var resolved = Resolve("~x", "Host *\n  IdentityFile %n/key");

        Assert.Equal(["~x/key"], resolved.IdentityFiles);
    }

    [Fact]
    public void Paths_expand_environment_variables()
    {
        var name = "RJ_SSH_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "/from/env");
        try
        {
            Assert.Equal(["/from/env/key"], Resolve("gpu", $"IdentityFile ${{{name}}}/key").IdentityFiles);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        var error = ResolveFails("gpu", $"IdentityFile ${{{name}}}/key");
        Assert.Contains($"environment variable {name}, which is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void None_turns_off_identity_and_known_hosts_files()
    {
        var resolved = Resolve("gpu", """
            Host gpu
              IdentityFile none
              UserKnownHostsFile none
            """);

        Assert.Empty(resolved.IdentityFiles);
        Assert.Empty(resolved.UserKnownHostsFiles);
    }

    [Fact]
    public void Match_host_sees_the_HostName_set_so_far_and_originalhost_the_alias()
    {
        var resolved = Resolve("gpu", """
            Host gpu
              HostName gpu01.LAB.example
            Match host *.lab.example
              Port 2222
            Match host gpu
              User wrong
            Match originalhost GPU
              IdentityFile ~/by-originalhost
            """);

        Assert.Equal(2222, resolved.Port);
        Assert.Equal(LocalUser, resolved.User);
        Assert.Equal([InHome("by-originalhost")], resolved.IdentityFiles);
    }

    [Fact]
    public void Match_user_sees_the_target_user_then_config_user_then_the_local_user()
    {
        const string Config = """
            Host withuser
              User carol
            Match user carol,bob
              Port 2222
            Match localuser localme
              IdentitiesOnly yes
            Match user !localme,*
              IdentityFile ~/not-local
            """;

        Assert.Equal(2222, Resolve("bob@other", Config).Port);
        Assert.Equal(2222, Resolve("withuser", Config).Port);
        Assert.Equal(22, Resolve("other", Config).Port);
        Assert.True(Resolve("other", Config).IdentitiesOnly);
        Assert.Equal([InHome("not-local")], Resolve("bob@other", Config).IdentityFiles);
        Assert.Equal(5, Resolve("other", Config).IdentityFiles.Count);
    }

    [Fact]
    public void Match_all_criteria_must_hold_and_negation_inverts_one()
    {
        const string Config = """
            Match all
              User everyone
            Match host a* !user root
              Port 2001
            Match host a* user root
              Port 2002
            """;

        Assert.Equal(("everyone", 2001), (Resolve("abc", Config).User, Resolve("abc", Config).Port));
        Assert.Equal(2002, Resolve("root@abc", Config).Port);
        Assert.Equal(22, Resolve("xyz", Config).Port);
    }

    [Theory]
    [InlineData("exec true")]
    [InlineData("!exec false")]
    [InlineData("canonical")]
    [InlineData("canonical all")]
    [InlineData("localnetwork 0.0.0.0/0")]
    [InlineData("somethingnew value")]
    [InlineData("!somethingnew value")]
    [InlineData("host * somethingnew value")]
    public void Unsupported_Match_criteria_never_match(string criteria)
    {
        var resolved = Resolve("gpu", $"Match {criteria}\n  Port 2222");

        Assert.Equal(22, resolved.Port);
    }

    [Fact]
    public void Without_a_config_file_the_user_config_is_read_before_the_system_one()
    {
        WriteHome(".ssh/config", """
            Host gpu
              Port 2222
            Host nothing-else
            """);
        var system = WriteHome("etc/ssh_config", """
            Host *
              Port 3333
              User fromsystem
            """);

        var resolved = SshConfigFile.Resolve(SshTarget.Parse("gpu"), null, home, LocalUser, system);

        Assert.Equal(2222, resolved.Port);
        Assert.Equal("fromsystem", resolved.User);
        Assert.Equal(3333, SshConfigFile.Resolve(SshTarget.Parse("other"), null, home, LocalUser, system).Port);
        Assert.Equal(2222, SshConfigFile.Resolve(SshTarget.Parse("gpu"), null, home, LocalUser, Path.Join(home, "missing")).Port);
    }

    [Fact]
    public void A_given_config_file_replaces_both_default_files()
    {
        WriteHome(".ssh/config", "Port 2222");
        var system = WriteHome("etc/ssh_config", "User fromsystem");
        var given = WriteHome("custom/config", "IdentitiesOnly yes");

        var resolved = SshConfigFile.Resolve(SshTarget.Parse("gpu"), given, home, LocalUser, system);

        Assert.Equal((22, LocalUser, true), (resolved.Port, resolved.User, resolved.IdentitiesOnly));
        Assert.True(SshConfigFile.Resolve(SshTarget.Parse("gpu"), "~/custom/config", home, LocalUser, system).IdentitiesOnly);
        Assert.Equal(22, SshConfigFile.Resolve(SshTarget.Parse("gpu"), "none", home, LocalUser, system).Port);
        Assert.Equal(2222, SshConfigFile.Resolve(SshTarget.Parse("gpu"), " ", home, LocalUser, system).Port);
    }

    [Fact]
    public void A_missing_given_config_file_is_an_error_that_names_it()
    {
        var missing = Path.Join(home, "nope", "config");

        var error = Assert.Throws<RemoteJupyterException>(() => SshConfigFile.Resolve(SshTarget.Parse("gpu"), missing, home, LocalUser, null));

        Assert.Equal(ErrorCode.InvalidHost, error.Code);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Throws<RemoteJupyterException>(() => SshConfigFile.Resolve(SshTarget.Parse("gpu"), home, home, LocalUser, null));
    }

    [Fact]
    public void The_public_overload_reads_the_real_home_without_failing()
    {
        var resolved = SshConfigFile.Resolve(SshTarget.Parse("rj-test-alias-that-nobody-configures.invalid"), null);

        Assert.Equal("rj-test-alias-that-nobody-configures.invalid", resolved.Alias);
        Assert.NotEmpty(resolved.User);
    }

    [Theory]
    [InlineData("Host gpu\n  HostName \"gpu01", "line 2", "quote")]
    [InlineData("Port 'abc", "line 1", "quote")]
    [InlineData("Host gpu\n  Port abc", "line 2", "1 to 65535")]
    [InlineData("Port 0", "line 1", "1 to 65535")]
    [InlineData("Port 65536", "line 1", "1 to 65535")]
    [InlineData("Port 22 23", "line 1", "takes one value")]
    [InlineData("HostName a b", "line 1", "Quote a value that contains spaces")]
    [InlineData("HostName \"\"", "line 1", "empty value")]
    [InlineData("HostName", "line 1", "has no value")]
    [InlineData("Host", "line 1", "has no value")]
    [InlineData("IdentitiesOnly maybe", "line 1", "yes or no")]
    [InlineData("HostName %h.%C", "line 1", "'%C'")]
    [InlineData("HostName oops%", "line 1", "lone '%'")]
    [InlineData("HostName ${HOME}", "line 1", "contains '$'")]
    [InlineData("HostName \"gpu box\"", "line 1", "contains a space")]
    [InlineData("HostName -oProxyCommand=id", "line 1", "starts with '-'")]
    [InlineData("HostName a,b", "line 1", "contains ','")]
    [InlineData("User -oProxyCommand=id", "line 1", "starts with '-'")]
    [InlineData("User \"a;b\"", "line 1", "contains ';'")]
    [InlineData("IdentityFile ~root/.ssh/id", "line 1", "~root")]
    [InlineData("IdentityFile ~/%i", "line 1", "'%i'")]
    [InlineData("IdentityFile ${UNCLOSED", "line 1", "closing")]
    [InlineData("UserKnownHostsFile", "line 1", "has no value")]
    [InlineData("Match user", "line 1", "needs a value")]
    [InlineData("Match", "line 1", "has no value")]
    public void Lines_that_apply_but_cannot_be_understood_are_errors_that_point_at_the_line(string config, string line, string expected)
    {
        var error = ResolveFails("gpu", config);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{line} of {Path.Join(home, "config")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_values_in_blocks_that_do_not_apply_are_not_errors()
    {
        var resolved = Resolve("gpu", """
            Host other
              Port not-a-number
              HostName -oProxyCommand=id
              IdentityFile ~/%C
            """);

        Assert.Equal(22, resolved.Port);
    }

    [Fact]
    public void Error_messages_do_not_echo_raw_control_characters()
    {
        var error = ResolveFails("gpu", "HostName evil\u001b[31mred");

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Contains(@"\u001b", error.Message, StringComparison.Ordinal);
    }

    private ResolvedHost Resolve(string target, string config) =>
        SshConfigFile.Resolve(SshTarget.Parse(target), WriteHome("config", config), home, LocalUser, systemConfigFile: null);

    private RemoteJupyterException ResolveFails(string target, string config)
    {
        var error = Assert.Throws<RemoteJupyterException>(() => Resolve(target, config));
        Assert.Equal(ErrorCode.InvalidHost, error.Code);
        return error;
    }

    private string WriteHome(string relativePath, string content)
    {
        var path = InHome(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string InHome(string relativePath) => Path.Join(home, relativePath);
}
