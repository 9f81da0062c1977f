using System.Runtime.Versioning;

// Integration tests drive OpenSSH, POSIX file modes and /proc: Linux only.
[assembly: SupportedOSPlatform("linux")]
