namespace RemoteJupyter.Core.Containers;

/// <summary>A local image of an engine on the host.</summary>
/// <param name="Engine">The engine command that lists it (<c>podman</c> or <c>docker</c>).</param>
/// <param name="Name">Its first name (repository:tag), e.g. <c>localhost/rj-jupyter:bookworm</c>.</param>
/// <param name="Id">Its id, shortened to 12 characters as the engines print it.</param>
/// <param name="SizeBytes">Its size in bytes, when the engine gave a number.</param>
/// <param name="Size">Its size as the engine or a person would write it ("320 MB").</param>
/// <param name="Created">When it was built, when known.</param>
public sealed record ContainerImage(string Engine, string Name, string Id, long? SizeBytes, string Size, DateTimeOffset? Created);
