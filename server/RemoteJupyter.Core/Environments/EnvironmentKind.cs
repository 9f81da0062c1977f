namespace RemoteJupyter.Core.Environments;

/// <summary>How a Python environment was made; decides how it is created, deleted and shown.</summary>
public enum EnvironmentKind
{
    /// <summary>An interpreter on PATH or in a well-known prefix (/usr/bin, /usr/local/bin, /opt/…).</summary>
    System,

    /// <summary>A <c>python -m venv</c> environment (<c>pyvenv.cfg</c> without uv or virtualenv keys).</summary>
    Venv,

    /// <summary>A <c>virtualenv</c> environment (<c>pyvenv.cfg</c> with a <c>virtualenv</c> key).</summary>
    Virtualenv,

    /// <summary>A conda, mamba or micromamba environment (a prefix with <c>conda-meta/</c>).</summary>
    Conda,

    /// <summary>A uv-made environment (<c>pyvenv.cfg</c> with a <c>uv</c> key).</summary>
    Uv,

    /// <summary>A pyenv-installed version (<c>$PYENV_ROOT/versions/*</c>).</summary>
    Pyenv,
}
