namespace RemoteJupyter.Core.Sources.Tls;

/// <summary>One line of the pin file that names a server: its fingerprint and where it is, for guidance when it changes.</summary>
/// <param name="Fingerprint">The pinned <c>SHA256:…</c> fingerprint.</param>
/// <param name="LineNumber">1-based line in the pin file.</param>
public sealed record PinnedCertificate(string Fingerprint, int LineNumber);
