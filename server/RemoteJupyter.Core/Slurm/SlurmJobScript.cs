using System.Text;
using RemoteJupyter.Core.Jupyter;
using RemoteJupyter.Core.Remote;

namespace RemoteJupyter.Core.Slurm;

/// <summary>
/// The job script (written 0600 under <c>~/.remote-jupyter/jobs/ID/</c>) and the script that writes and submits it.
/// The token is exported in the submitting script, which travels on stdin; sbatch's default <c>--export=ALL</c> hands
/// it to the job's environment. It is in no argv, no file the product writes, and no sbatch option.
/// </summary>
public static class SlurmJobScript
{
    /// <summary>The job's folder on the host, quoted for sh.</summary>
    public static string QuotedDir(ServerLayout layout, string id)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return ShellQuote.QuotePath(layout.JobsDir + "/" + id);
    }

    /// <summary>What runs on the compute node: environment, a free port, the endpoint file, then jupyter_server.</summary>
    public static string BuildJob(ServerLayout layout, string id, SlurmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var s = new StringBuilder();
        s.AppendLine("#!/bin/sh");
        s.AppendLine("umask 077");
        s.Append("dir=").AppendLine(QuotedDir(layout, id));
        s.AppendLine("export JUPYTER_RUNTIME_DIR=\"$dir/runtime\"");
        s.AppendLine("mkdir -p \"$JUPYTER_RUNTIME_DIR\" || exit 96");
        foreach (var module in request.Modules)
        {
            s.AppendLine(ShellQuote.Join("module", "load", module) + " || exit 95");
        }

        if (request.CondaPrefix is { } conda)
        {
            // Like `conda activate` in a login shell: the hook defines the function; without conda on PATH, the prefix's own activate script.
            s.Append("prefix=").AppendLine(ShellQuote.QuotePath(conda.TrimEnd('/')));
            s.AppendLine("if command -v conda >/dev/null 2>&1 && eval \"$(conda shell.posix hook 2>/dev/null)\" && conda activate \"$prefix\"; then :");
            s.AppendLine("elif [ -r \"$prefix/bin/activate\" ]; then . \"$prefix/bin/activate\" \"$prefix\" || exit 93");
            s.AppendLine("else echo \"remote-jupyter: cannot activate the conda environment $prefix\" >&2; exit 93; fi");
        }
        else if (request.VenvPath is { } venv)
        {
            s.Append(". ").Append(ShellQuote.QuotePath(venv.TrimEnd('/') + "/bin/activate")).AppendLine(" || exit 94");
        }

        s.Append("py=").AppendLine(ShellQuote.QuotePath(request.Python));
        s.AppendLine("""port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || exit 97""");
        s.AppendLine("node=${SLURMD_NODENAME:-$(hostname)}");
        s.AppendLine("host=$(hostname)");

        // NodeAddr is where the login node reaches the node: Jupyter's address in node-address mode, the jump's target otherwise.
        s.AppendLine("addr=$(scontrol show node \"$node\" -o 2>/dev/null | sed -n 's/.*NodeAddr=\\([^ ]*\\).*/\\1/p')");
        s.AppendLine("[ -n \"$addr\" ] || addr=$host");
        if (request.Binding == SlurmBinding.NodeAddress)
        {
            s.AppendLine("bind=$addr");
            s.AppendLine("mode=node-address");
        }
        else
        {
            s.AppendLine("bind=127.0.0.1");
            s.AppendLine("mode=loopback");
        }

        s.AppendLine("echo \"remote-jupyter: job $SLURM_JOB_ID on $node: Jupyter on $bind:$port ($mode binding)\"");

        // Where home is not shared the login node never sees the endpoint file: the job's comment carries the same fields.
        s.Append("scontrol update JobId=\"$SLURM_JOB_ID\" Comment=\"").Append(SlurmEndpoint.CommentPrefix)
            .AppendLine("$node,$bind,$port,$mode,$host,$addr\" >/dev/null 2>&1 || :");
        s.AppendLine("printf '%s %s %s %s %s %s\\n' \"$node\" \"$bind\" \"$port\" \"$mode\" \"$host\" \"$addr\" > \"$dir/endpoint.tmp\" && mv \"$dir/endpoint.tmp\" \"$dir/endpoint\" || exit 96");
        s.AppendLine("exec \"$py\" -m jupyter_server --ServerApp.ip=\"$bind\" --ServerApp.port=\"$port\" --ServerApp.port_retries=0 \\");
        s.AppendLine("  --ServerApp.open_browser=False --ServerApp.no_browser_open_file=True --ServerApp.root_dir=\"$PWD\"");
        return s.ToString();
    }

    /// <summary>Writes the job script and submits it; prints <c>rj-jobid=ID</c>, or <c>rj-error=…</c> lines and exits 1.</summary>
    public static string BuildSubmit(ServerLayout layout, string id, SlurmRequest request, JupyterToken token)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(token);
        var sbatch = new List<string> { "sbatch", "--parsable", "--export=ALL", "--job-name=remote-jupyter-" + id };
        sbatch.AddRange(request.SbatchArguments());
        var s = new StringBuilder();
        s.AppendLine("umask 077");
        s.Append("JUPYTER_TOKEN=").AppendLine(ShellQuote.Quote(token.Value));
        s.AppendLine("export JUPYTER_TOKEN");
        s.Append("jobs=").AppendLine(layout.QuotedJobsDir);
        s.Append("dir=").AppendLine(QuotedDir(layout, id));
        s.Append("workdir=").AppendLine(request.WorkingDirectory is null ? "\"$HOME\"" : ShellQuote.QuotePath(request.WorkingDirectory));
        s.AppendLine("mkdir -p \"$dir\" && chmod 700 \"$jobs\" \"$dir\" || { echo rj-error=cannot create \"$dir\"; exit 1; }");
        s.Append("printf '%s' ").Append(ShellQuote.Quote(BuildJob(layout, id, request))).AppendLine(" > \"$dir/job.sh\" && chmod 600 \"$dir/job.sh\" || exit 1");
        s.Append("if out=$(").Append(ShellQuote.Join(sbatch))
            .AppendLine(" --output=\"$dir/job.log\" --chdir=\"$workdir\" \"$dir/job.sh\" </dev/null 2>\"$dir/sbatch.err\"); then");
        s.AppendLine("  jobid=${out%%;*}");
        s.AppendLine("  printf '%s\\n' \"$jobid\" > \"$dir/jobid\"");
        s.Append("  printf '%s %s\\n' ").Append(ShellQuote.Quote(SlurmNodeAccessNames.Name(request.NodeAccess)))
            .Append(' ').Append(request.NodeSshPort.ToString(System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" > \"$dir/access\"");
        s.AppendLine("  printf 'rj-jobid=%s\\n' \"$jobid\"");
        s.AppendLine("else");
        s.AppendLine("  sed 's/^/rj-error=/' \"$dir/sbatch.err\"");
        s.AppendLine("  rm -rf \"$dir\"");
        s.AppendLine("  exit 1");
        s.AppendLine("fi");
        return s.ToString();
    }
}
