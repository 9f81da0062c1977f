namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// What one cell execution produced, gathered from the kernel's shell reply and iopub stream.
/// </summary>
/// <param name="Status">The <c>execute_reply</c> status: <c>ok</c>, <c>error</c> or <c>aborted</c>.</param>
/// <param name="Stdout">Everything written to stdout, followed by the <c>text/plain</c> form of any result.</param>
/// <param name="Stderr">Everything written to stderr.</param>
/// <param name="ErrorName">The exception type name when the cell raised, such as <c>ZeroDivisionError</c>.</param>
/// <param name="ErrorValue">The exception message when the cell raised.</param>
public sealed record KernelExecution(string Status, string Stdout, string Stderr, string? ErrorName, string? ErrorValue);
