using RemoteJupyter.Core.Containers;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Tests.Containers;

public sealed class ContainerEngineParserTests
{
    [Fact]
    public void Rootless_podman_from_its_recorded_info()
    {
        var engine = ContainerEngineParser.Parse(
            "podman", "/usr/bin/podman", 0, "podman version 4.3.1", ContainerRecordings.Flat(ContainerRecordings.Read("podman-info-rootless.json")), string.Empty);

        Assert.Equal(new ContainerEngine("podman", ContainerEngineKind.Podman, "/usr/bin/podman", "4.3.1", Rootless: true, Usable: true), engine);
    }

    [Fact]
    public void Rootful_podman_from_its_recorded_info()
    {
        var engine = ContainerEngineParser.Parse(
            "podman", "/usr/bin/podman", 0, "podman version 4.3.1", ContainerRecordings.Flat(ContainerRecordings.Read("podman-info-rootful.json")), string.Empty);

        Assert.False(engine.Rootless);
        Assert.True(engine.Usable);
    }

    [Fact]
    public void The_podman_docker_shim_is_podman()
    {
        var engine = ContainerEngineParser.Parse(
            "docker", "/usr/bin/docker", 0, "podman version 4.3.1", ContainerRecordings.Flat(ContainerRecordings.Read("podman-info-rootless.json")), "Emulate Docker CLI using podman.");

        Assert.Equal(ContainerEngineKind.Podman, engine.Kind);
        Assert.True(engine.IsPodmanShim);
        Assert.True(engine.Rootless);
    }

    [Fact]
    public void A_docker_socket_permission_error_says_to_join_the_docker_group_or_use_podman()
    {
        var engine = ContainerEngineParser.Parse(
            "docker", "/usr/bin/docker", 1, "Docker version 28.2.2, build e6534b4", """{"ID":"","ServerVersion":"","ServerErrors":null}""", ContainerRecordings.DockerPermissionDenied);

        Assert.False(engine.Usable);
        Assert.Equal("28.2.2", engine.Version);
        Assert.Equal("You are not in the docker group on this host, so Docker cannot be used: ask your admin to add you, or use podman.", engine.Problem);
        var error = Assert.Throws<RemoteJupyterException>(() => ContainerEngineDetector.Usable(new ContainerInventory([engine], []), "docker"));
        Assert.Equal(ErrorCode.ContainerEngineUnusable, error.Code);
        Assert.Contains("not in the docker group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_without_its_daemon_says_so()
    {
        var engine = ContainerEngineParser.Parse("docker", "/usr/local/bin/docker", 1, "Docker version 28.2.2, build e6534b4", "{}", ContainerRecordings.DockerNoDaemon);

        Assert.False(engine.Usable);
        Assert.Contains("daemon is not running", engine.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Rootless_docker_from_its_security_options()
    {
        var engine = ContainerEngineParser.Parse("docker", "/usr/bin/docker", 0, "Docker version 27.3.1, build ce12230", ContainerRecordings.DockerRootlessInfo, string.Empty);

        Assert.Equal((ContainerEngineKind.Docker, "27.3.1", true, true), (engine.Kind, engine.Version, engine.Rootless, engine.Usable));
    }

    [Fact]
    public void Podman_images_from_the_recorded_json_array()
    {
        var images = ContainerEngineParser.ParseImages("podman", ContainerRecordings.Flat(ContainerRecordings.Read("podman-images.json")));

        Assert.Equal(["localhost/rj-nojupyter:bookworm", "localhost/rj-jupyter:bookworm"], images.Select(i => i.Name));
        Assert.All(images, i => Assert.Matches("^[0-9a-f]{12}$", i.Id));
        Assert.All(images, i => Assert.True(i.SizeBytes > 100_000_000));
        Assert.All(images, i => Assert.EndsWith(" MB", i.Size, StringComparison.Ordinal));
        Assert.All(images, i => Assert.NotNull(i.Created));
    }

    [Fact]
    public void Docker_images_from_json_lines_leave_out_dangling_ones()
    {
        var images = ContainerEngineParser.ParseImages("docker", ContainerRecordings.Flat(ContainerRecordings.DockerImagesJsonLines));

        Assert.Equal(["quay.io/jupyter/scipy-notebook:2024-05-01", "python:3.12"], images.Select(i => i.Name));
        Assert.Equal(("3f1e2d4c5b6a", "4.12GB", (long?)null), (images[0].Id, images[0].Size, images[0].SizeBytes));
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 10, 11, 12, TimeSpan.Zero), images[0].Created);
    }

    [Fact]
    public void The_detection_scripts_output_lists_each_engines_images_once()
    {
        var info = ContainerRecordings.Flat(ContainerRecordings.Read("podman-info-rootless.json"));
        var images = ContainerRecordings.Flat(ContainerRecordings.Read("podman-images.json"));
        var stdout =
            $"engine\tpodman\t/usr/bin/podman\t0\tpodman version 4.3.1\ninfo\tpodman\t{info}\nerr\tpodman\t\nimages\tpodman\t{images}\n" +
            $"engine\tdocker\t/usr/bin/docker\t0\tpodman version 4.3.1\ninfo\tdocker\t{info}\nerr\tdocker\tEmulate Docker CLI using podman.\nimages\tdocker\t{images}\n";

        var inventory = ContainerEngineDetector.Parse(stdout);

        Assert.Equal(["podman", "docker"], inventory.Engines.Select(e => e.Command));
        Assert.True(inventory.Engines[1].IsPodmanShim);
        Assert.Equal(2, inventory.Images.Count);
        Assert.All(inventory.Images, i => Assert.Equal("podman", i.Engine));
        Assert.Equal("podman", ContainerEngineDetector.Usable(inventory, null).Command);
    }

    [Fact]
    public void No_engine_is_a_clear_error()
    {
        var error = Assert.Throws<RemoteJupyterException>(() => ContainerEngineDetector.Usable(ContainerEngineDetector.Parse(string.Empty), null));

        Assert.Equal(ErrorCode.ContainerEngineMissing, error.Code);
        Assert.Contains("Neither podman nor docker", error.Message, StringComparison.Ordinal);
    }
}
