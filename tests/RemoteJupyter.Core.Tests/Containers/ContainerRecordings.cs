namespace RemoteJupyter.Core.Tests.Containers;

/// <summary>
/// Real outputs recorded on the test machine (Debian 12, podman 4.3.1): <c>podman info --format json</c> as root and
/// as the rootless test user, <c>podman images --format json</c> and <c>podman ps --format json</c> of the test user.
/// Docker's daemon cannot run here: its shapes come from Docker's documentation (<c>docker images --format json</c>
/// prints one object per line with string sizes), and its error messages were recorded from the real docker 28.2.2
/// client against no daemon and against a socket the user may not open.
/// </summary>
internal static class ContainerRecordings
{
    public const string DockerImagesJsonLines = """
        {"Containers":"N/A","CreatedAt":"2024-05-02 10:11:12 +0000 UTC","CreatedSince":"6 months ago","Digest":"\u003cnone\u003e","ID":"3f1e2d4c5b6a","Repository":"quay.io/jupyter/scipy-notebook","SharedSize":"N/A","Size":"4.12GB","Tag":"2024-05-01","UniqueSize":"N/A","VirtualSize":"4.12GB"}
        {"Containers":"N/A","CreatedAt":"2024-04-30 09:00:00 +0000 UTC","CreatedSince":"6 months ago","Digest":"\u003cnone\u003e","ID":"a1b2c3d4e5f6","Repository":"\u003cnone\u003e","SharedSize":"N/A","Size":"120MB","Tag":"\u003cnone\u003e","UniqueSize":"N/A","VirtualSize":"120MB"}
        {"Containers":"N/A","CreatedAt":"2024-04-29 08:00:00 +0000 UTC","CreatedSince":"6 months ago","Digest":"\u003cnone\u003e","ID":"0a9b8c7d6e5f","Repository":"python","SharedSize":"N/A","Size":"1.02GB","Tag":"3.12","UniqueSize":"N/A","VirtualSize":"1.02GB"}
        """;

    /// <summary>Recorded: docker 28.2.2, <c>docker info</c> with no daemon (stderr; exit 1, <c>{{json .}}</c> still prints an empty struct).</summary>
    public const string DockerNoDaemon = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

    /// <summary>Recorded: docker 28.2.2 as a user who may not open the socket.</summary>
    public const string DockerPermissionDenied =
        "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.50/info\": dial unix /var/run/docker.sock: connect: permission denied";

    /// <summary>The shape of <c>docker info --format '{{json .}}'</c> of a rootless daemon (fields trimmed to those read).</summary>
    public const string DockerRootlessInfo =
        """{"ID":"x","ServerVersion":"27.3.1","SecurityOptions":["name=seccomp,profile=builtin","name=rootless","name=cgroupns"],"ServerErrors":null}""";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Containers", "Recorded", name));

    /// <summary>Joins lines the way the detection script does (JSON keeps no raw newline inside a string).</summary>
    public static string Flat(string text) => text.Replace('\n', ' ').Replace('\t', ' ');
}
