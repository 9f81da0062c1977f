using RemoteJupyter.Core.Environments;

namespace RemoteJupyter.Core.Tests.Environments;

/// <summary>pyvenv.cfg files as uv, virtualenv and venv really write them.</summary>
public sealed class PyvenvConfigTests
{
    [Theory]
    [InlineData("uv-pyvenv.cfg", EnvironmentKind.Uv, false)]
    [InlineData("virtualenv-pyvenv.cfg", EnvironmentKind.Virtualenv, false)]
    [InlineData("venv-system-site-pyvenv.cfg", EnvironmentKind.Venv, true)]
    public void The_tool_that_made_the_venv_is_told_by_its_key(string file, EnvironmentKind kind, bool systemSite)
    {
        var config = PyvenvConfig.Parse(RecordedOutput.Read(file));

        Assert.Equal(kind, config.Kind);
        Assert.Equal(systemSite, config.SystemSitePackages);
        Assert.Equal("/usr/bin", config["home"]);
    }

    [Fact]
    public void Keys_are_read_like_site_py_does_case_and_spacing_aside()
    {
        var config = PyvenvConfig.Parse("Home=/opt/py/bin\r\n# comment\nINCLUDE-SYSTEM-SITE-PACKAGES =  True \nno equals sign\nuv=0.5.0\n");

        Assert.Equal(EnvironmentKind.Uv, config.Kind);
        Assert.True(config.SystemSitePackages);
        Assert.Equal("/opt/py/bin", config["home"]);
    }
}
