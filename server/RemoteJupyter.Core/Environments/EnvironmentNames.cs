using System.Text.RegularExpressions;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Environments;

/// <summary>
/// What names and paths for environments and kernels may be. Everything that passes is still only ever
/// data (quoted with ShellQuote, or JSON); these rules exist so a bad value fails early with a message
/// instead of surprising a tool on the host.
/// </summary>
public static partial class EnvironmentNames
{
    /// <summary>Jupyter's own rule for kernel names (jupyter_client's kernelspec NAME_PAT), at most 255 characters.</summary>
    public static string ValidateKernelName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 255 || !KernelName().IsMatch(name))
        {
            throw Invalid($"'{Printable(name)}' is not a valid kernel name: use only letters, digits, '.', '_' and '-' (for example torch-2.3). The display name may contain anything.");
        }

        return name;
    }

    /// <summary>A display name is shown, never run: anything printable, one line, at most 200 characters.</summary>
    public static string ValidateDisplayName(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        if (displayName.Trim().Length == 0 || displayName.Length > 200 || displayName.Any(char.IsControl) || !IsWellFormed(displayName))
        {
            throw Invalid("A kernel display name must be one line of 1 to 200 printable characters.");
        }

        return displayName;
    }

    /// <summary>
    /// conda's rule for <c>-n NAME</c>: no '/', ' ', ':', '#' (and, to stay out of option parsing, no leading '-').
    /// </summary>
    public static string ValidateCondaName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 255 || !CondaName().IsMatch(name))
        {
            throw Invalid($"'{Printable(name)}' is not a valid conda environment name: no spaces, '/', ':', '#', control characters or a leading '-'.");
        }

        return name;
    }

    /// <summary>
    /// An environment path on the host: absolute or <c>~/…</c> (the remote's working directory is not something a
    /// person can see), no control characters (records are line-based, and a newline in a path is almost always
    /// a mistake), not the root or the home folder itself.
    /// </summary>
    public static string ValidatePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Any(char.IsControl))
        {
            throw Invalid("An environment path cannot contain control characters (newlines, tabs, …).");
        }

        if (!IsWellFormed(path))
        {
            throw Invalid("An environment path must be valid Unicode (it has half of a character pair), or it could not be written the same way on the host.");
        }

        if (!path.StartsWith('/') && !path.StartsWith("~/", StringComparison.Ordinal))
        {
            throw Invalid($"'{path}' is not an absolute path: give one starting with / or ~/ (for example ~/venvs/torch).");
        }

        var trimmed = path.TrimEnd('/');
        if (trimmed is "" or "~" || trimmed.Split('/').Any(part => part is ".."))
        {
            throw Invalid($"'{path}' cannot be used for an environment: choose a folder of its own (for example ~/venvs/torch).");
        }

        return path;
    }

    /// <summary>
    /// A package given to pip/conda/uv: a requirement specifier, never an option (no leading '-') and one line.
    /// It travels as a quoted argument after <c>--</c>, so it cannot run anything; this only catches mistakes.
    /// </summary>
    public static string ValidatePackage(string package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Length is 0 or > 500 || package.StartsWith('-') || package.Any(char.IsControl) || package.Trim() != package || !IsWellFormed(package))
        {
            throw Invalid($"'{Printable(package)}' is not a package specifier (like numpy or pandas>=2.2): no leading '-', spaces around it or control characters.");
        }

        return package;
    }

    /// <summary>No lone surrogate: text that UTF-8 (what the host sees) can carry unchanged.</summary>
    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static RemoteJupyterException Invalid(string message) => new(ErrorCode.InvalidEnvironmentName, message);

    /// <summary>Names in messages: control characters shown as '?', so the message itself stays one clean line.</summary>
    private static string Printable(string value)
    {
        var shown = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return shown.Length > 80 ? shown[..80] + "…" : shown;
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex KernelName();

    [GeneratedRegex(@"^[^-/\s:#\p{Cc}][^/\s:#\p{Cc}]*$")]
    private static partial Regex CondaName();
}
