using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Tests.Containers;

public sealed class ImageCheckTests
{
    [Fact]
    public void An_image_with_Jupyter()
    {
        var check = ImageChecker.Parse("img", 0, "RJCHECK{\"python\": \"3.11.2\", \"jupyter_server\": \"1.23.3\", \"ipykernel\": \"6.20.2\"}\n");

        Assert.True(check.HasJupyter);
        Assert.Null(check.Advice);
        Assert.Equal(("3.11.2", "1.23.3", "6.20.2"), (check.PythonVersion, check.JupyterServerVersion, check.IpykernelVersion));
    }

    [Fact]
    public void Without_jupyter_server_the_advice_names_the_package_for_pip_and_apt()
    {
        // Recorded from localhost/rj-nojupyter:bookworm.
        var check = ImageChecker.Parse("localhost/rj-nojupyter:bookworm", 0, "RJCHECK{\"python\": \"3.11.2\", \"jupyter_server\": null, \"ipykernel\": \"6.20.2\"}\n");

        Assert.False(check.HasJupyter);
        Assert.Equal(
            "The image localhost/rj-nojupyter:bookworm has Python 3.11.2 but not jupyter_server. Add to its Dockerfile: RUN pip install jupyter_server " +
            "(or, on a Debian/Ubuntu base without pip: RUN apt-get update && apt-get install -y python3-jupyter-server)",
            check.Advice);
    }

    [Fact]
    public void Without_python3_the_advice_installs_it_all()
    {
        var check = ImageChecker.Parse("alpine", 127, "Error: crun: executable file `python3` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found\n");

        Assert.Null(check.PythonVersion);
        Assert.Contains("has no python3", check.Advice, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y python3 python3-jupyter-server python3-ipykernel", check.Advice, StringComparison.Ordinal);
        Assert.Contains("RUN pip install jupyter_server ipykernel", check.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_image_is_not_pulled_but_named()
    {
        // Recorded: podman 4.3.1, run --pull=never of an image the store lacks.
        var error = Assert.Throws<RemoteJupyterException>(() => ImageChecker.Parse("localhost/nope:x", 125, "Error: localhost/nope:x: image not known\n"));

        Assert.Equal(ErrorCode.ImageNotFound, error.Code);
        Assert.Contains("There is no image localhost/nope:x on this host", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/home/me/My Project/", "remote-jupyter/my-project:latest")]
    [InlineData("~/work/ds.env", "remote-jupyter/ds.env:latest")]
    [InlineData("/", "remote-jupyter/image:latest")]
    public void A_folders_image_gets_a_valid_default_tag(string folder, string tag) =>
        Assert.Equal(tag, ImageBuilder.DefaultTag(folder));
}
