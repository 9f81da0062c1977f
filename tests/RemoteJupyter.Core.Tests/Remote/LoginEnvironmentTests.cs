using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Tests.Remote;

public sealed class LoginEnvironmentTests
{
    private readonly LoginEnvironmentMarkers markers = LoginEnvironmentMarkers.Create();

    [Fact]
    public void Keeps_what_the_login_shell_added_or_changed_and_nothing_sshd_already_set()
    {
        var output = Capture(
            plain: "PATH=/usr/bin\0LANG=C.UTF-8\0SSH_AUTH_SOCK=/tmp/agent\0",
            login: "PATH=/opt/conda/bin:/usr/bin\0LANG=C.UTF-8\0SSH_AUTH_SOCK=/tmp/agent\0CONDA_EXE=/opt/conda/bin/conda\0");

        var environment = LoginEnvironment.Parse(output, markers)!;

        Assert.Equal(["CONDA_EXE", "PATH"], environment.Names);
        Assert.Equal("/opt/conda/bin:/usr/bin", environment["PATH"]);
        Assert.Equal("/usr/bin/zsh", environment.Shell);
    }

    [Fact]
    public void PATH_entries_an_rc_file_prepended_twice_are_kept_once()
    {
        var output = Capture(plain: "PATH=/rc/bin:/usr/bin\0", login: "PATH=/rc/bin:/rc/bin:/usr/bin:/opt/bin:/usr/bin\0");

        Assert.Equal("/rc/bin:/usr/bin:/opt/bin", LoginEnvironment.Parse(output, markers)!["PATH"]);
        Assert.Empty(LoginEnvironment.Parse(Capture(plain: "PATH=/rc/bin:/usr/bin\0", login: "PATH=/rc/bin:/rc/bin:/usr/bin\0"), markers)!.Names);
    }

    [Fact]
    public void Banners_with_NULs_and_marker_look_alikes_around_the_sections_change_nothing()
    {
        var lookAlike = LoginEnvironmentMarkers.Create();
        var output = $"Welcome\0X=1\n{lookAlike.LoginStart}\nEVIL=1\0{lookAlike.LoginEnd}\n"
            + Capture(plain: "", login: "GOOD=yes\0", between: $"motd: {markers.LoginStart} inline\n\0\0BANNER=1\0\n")
            + "bye from .bash_logout\0Z=9\n";

        var environment = LoginEnvironment.Parse(output, markers)!;

        Assert.Equal(["GOOD"], environment.Names);
    }

    [Fact]
    public void Values_keep_newlines_equals_signs_and_quotes()
    {
        var value = "line one\nline 'two' = \"three\"\n";
        var environment = LoginEnvironment.Parse(Capture(plain: "", login: $"TOKEN={value}\0"), markers)!;

        Assert.Equal(value, environment["TOKEN"]);
        Assert.Contains("export TOKEN='line one\nline '\\''two'\\'' = \"three\"\n'\n", environment.ExportStatements, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_variables_functions_and_names_sh_cannot_export_are_dropped()
    {
        var login = string.Join('\0', [
            "PWD=/home/a", "OLDPWD=/", "SHLVL=2", "_=/usr/bin/env", "PS1=$ ", "TERM=dumb", "COLUMNS=80", "LINES=24",
            "SSH_CLIENT=1 2 3", "SSH_CONNECTION=x", "SSH_TTY=/dev/pts/1", "HOME=/elsewhere", "USER=b", "LOGNAME=b",
            "SHELL=/bin/zsh", "MAIL=/var/mail/b", "TMPDIR=/tmp", "ENV=~/.shrc", "BASH_ENV=~/.bashrc",
            "BASH_FUNC_module%%=() {  eval x; }", "fish-var=1", "1ABC=2", "A.B=3", "=nameless", "MODULEPATH=/etc/modules",
        ]) + "\0";

        var environment = LoginEnvironment.Parse(Capture(plain: "", login: login), markers)!;

        Assert.Equal(["MODULEPATH"], environment.Names);
    }

    [Fact]
    public void A_login_shell_that_printed_no_environment_gives_null()
    {
        var cut = $"{markers.PlainStart}\nA=1\0{markers.PlainEnd}\n{markers.LoginStart}\nB=2\0";

        Assert.Null(LoginEnvironment.Parse("tcsh: Unknown option\n", markers));
        Assert.Null(LoginEnvironment.Parse(cut, markers));
    }

    [Fact]
    public void Exports_end_by_pointing_TMPDIR_at_a_private_folder_in_home()
    {
        var exports = LoginEnvironment.None.ExportStatements;

        Assert.StartsWith("TMPDIR=\"$HOME/.remote-jupyter/tmp\"; export TMPDIR\n", exports, StringComparison.Ordinal);
        Assert.Contains("umask 077", exports, StringComparison.Ordinal);
    }

    [Fact]
    public void The_capture_script_gives_csh_its_command_on_stdin_and_other_shells_l_i_c()
    {
        var script = LoginEnvironmentCapture.BuildScript(markers);

        Assert.Contains("csh|tcsh) printf '%s\\n' \"$print\" | TERM=dumb \"$login\" -l ;;", script, StringComparison.Ordinal);
        Assert.Contains("*) TERM=dumb \"$login\" -l -i -c \"$print\" </dev/null ;;", script, StringComparison.Ordinal);
    }

    private string Capture(string plain, string login, string between = "Welcome to the cluster\n") =>
        $"{markers.PlainStart}\n{plain}{markers.PlainEnd}\n{markers.Shell} /usr/bin/zsh\n{between}{markers.LoginStart}\n{login}{markers.LoginEnd}\nlogout banner\n";
}
