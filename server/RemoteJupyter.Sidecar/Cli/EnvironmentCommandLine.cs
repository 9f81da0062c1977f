using System.CommandLine;
using RemoteJupyter.Core.Environments;
using RemoteJupyter.Core.Environments.Creation;
using RemoteJupyter.Sidecar.Hosting;

namespace RemoteJupyter.Sidecar.Cli;

/// <summary>The <c>envs</c> and <c>kernels</c> verbs and their options.</summary>
internal static class EnvironmentCommandLine
{
    public static void Add(RootCommand root, Option<string?> configFile, Option<bool> acceptNew, Func<ParseResult, LoggingOptions> logging)
    {
        var host = new Argument<string>("host") { Description = "An ssh_config alias or user@host[:port]." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var roots = new Option<string[]>("--root") { Description = "Also look for .venv/venv/env in this folder on the host (repeatable).", HelpName = "DIR", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<int?>("--timeout") { Description = "Give up looking after SECONDS (default 10); what was found by then is shown.", HelpName = "SECONDS" };
        HostTarget Target(ParseResult r) => new(r.GetValue(host)!, r.GetValue(configFile), r.GetValue(acceptNew), logging(r));

        var noContainers = new Option<bool>("--no-containers") { Description = "Leave out container engines and images." };
        var checkImages = new Option<bool>("--check-images") { Description = "Run each image's python3 once to show whether it has Jupyter." };
        var envs = new Command("envs", "List the Python environments on HOST (kind, version, Jupyter, kernel, path) and its container images (engine, name, size, Jupyter).")
        {
            host, configFile, acceptNew, json, roots, timeout, noContainers, checkImages,
        };
        envs.SetAction((r, ct) => CliErrors.RunAsync(() => EnvironmentCommands.ListAsync(
            Target(r),
            new DiscoveryOptions
            {
                Roots = r.GetValue(roots) ?? [],
                Timeout = r.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : DiscoveryOptions.DefaultTimeout,
            },
            r.GetValue(json),
            r.GetValue(noContainers) ? ImageListing.None : r.GetValue(checkImages) ? ImageListing.Checked : ImageListing.Listed,
            ct)));

        var kind = new Option<string>("--kind") { Description = "venv, conda or uv.", Required = true };
        kind.AcceptOnlyFromAmong("venv", "conda", "uv");
        var path = new Option<string>("--path") { Description = "Where on the host (~/ allowed); for conda a bare NAME means -n NAME.", Required = true, HelpName = "PATH" };
        var requirements = new Option<FileInfo?>("--requirements") { Description = "A local requirements.txt to install into it.", HelpName = "FILE" };
        var packages = new Option<string[]>("--package") { Description = "A package to install (repeatable), e.g. numpy or pandas>=2.2.", HelpName = "SPEC" };
        var environmentFile = new Option<FileInfo?>("--environment-file") { Description = "conda: a local environment.yml to create from.", HelpName = "FILE" };
        var pythonVersion = new Option<string?>("--python-version") { Description = "conda/uv: the Python version, e.g. 3.11.", HelpName = "VERSION" };
        var systemSite = new Option<bool>("--system-site-packages") { Description = "venv/uv: see the system's packages too." };
        var basePython = new Option<string?>("--python") { Description = "venv: the interpreter to create it with.", HelpName = "PATH" };
        var tool = new Option<string?>("--tool") { Description = "conda/mamba/micromamba or uv executable, when not on the login PATH.", HelpName = "PATH" };
        var kernel = new Option<string?>("--kernel") { Description = "Register it as this Jupyter kernel (letters, digits, . _ -).", HelpName = "NAME" };
        var displayName = new Option<string?>("--display-name") { Description = "The kernel's display name (default: its name).", HelpName = "TEXT" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the new environment's path." };
        var create = new Command("create", "Create a venv, conda or uv environment on HOST, optionally with packages and a kernel.")
        {
            host, configFile, acceptNew, kind, path, requirements, packages, environmentFile, pythonVersion, systemSite, basePython, tool, kernel, displayName, quiet,
        };
        create.SetAction((r, ct) => CliErrors.RunAsync(async () => await EnvironmentCommands.CreateAsync(
            Target(r),
            new EnvironmentCreateRequest(Enum.Parse<EnvironmentKind>(r.GetValue(kind)!, ignoreCase: true), r.GetValue(path)!)
            {
                Requirements = r.GetValue(requirements) is { } file ? await File.ReadAllTextAsync(file.FullName, ct) : null,
                Packages = r.GetValue(packages) ?? [],
                EnvironmentFile = r.GetValue(environmentFile) is { } yml ? await File.ReadAllTextAsync(yml.FullName, ct) : null,
                PythonVersion = r.GetValue(pythonVersion),
                SystemSitePackages = r.GetValue(systemSite),
                BasePython = r.GetValue(basePython),
                Tool = r.GetValue(tool),
                KernelName = r.GetValue(kernel),
                KernelDisplayName = r.GetValue(displayName),
            },
            r.GetValue(quiet),
            ct)));

        var deletePath = new Option<string>("--path") { Description = "The environment's folder on the host.", Required = true, HelpName = "PATH" };
        var delete = new Command("delete", "Delete an environment on HOST (only a folder holding one) and your kernels that run it.") { host, configFile, acceptNew, deletePath };
        delete.SetAction((r, ct) => CliErrors.RunAsync(() => EnvironmentCommands.DeleteAsync(Target(r), r.GetValue(deletePath)!, ct)));
        envs.Subcommands.Add(create);
        envs.Subcommands.Add(delete);

        var kernels = new Command("kernels", "List the Jupyter kernels registered on HOST.") { host, configFile, acceptNew, json };
        kernels.SetAction((r, ct) => CliErrors.RunAsync(() => EnvironmentCommands.KernelsAsync(Target(r), r.GetValue(json), ct)));
        var kernelPython = new Option<string>("--python") { Description = "The environment's interpreter, e.g. ~/venvs/torch/bin/python.", Required = true, HelpName = "PATH" };
        var kernelName = new Option<string>("--name") { Description = "Kernel name (letters, digits, . _ -).", Required = true, HelpName = "NAME" };
        var register = new Command("register", "Register an environment as a Jupyter kernel for you on HOST.") { host, configFile, acceptNew, kernelPython, kernelName, displayName };
        register.SetAction((r, ct) => CliErrors.RunAsync(() => EnvironmentCommands.RegisterAsync(
            Target(r), r.GetValue(kernelPython)!, r.GetValue(kernelName)!, r.GetValue(displayName), ct)));
        var unregister = new Command("unregister", "Remove one of your Jupyter kernels on HOST.") { host, configFile, acceptNew, kernelName };
        unregister.SetAction((r, ct) => CliErrors.RunAsync(() => EnvironmentCommands.UnregisterAsync(Target(r), r.GetValue(kernelName)!, ct)));
        kernels.Subcommands.Add(register);
        kernels.Subcommands.Add(unregister);

        root.Subcommands.Add(envs);
        root.Subcommands.Add(kernels);
    }
}
