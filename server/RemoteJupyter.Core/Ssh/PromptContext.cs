using Microsoft.Extensions.Logging;

namespace RemoteJupyter.Core.Ssh;

/// <summary>What the prompting authentication methods of one connection attempt share.</summary>
/// <param name="Target"><c>user@host</c> as ssh shows it in prompts.</param>
/// <param name="Relay">Puts questions to the person.</param>
/// <param name="Log">Counts refusals for the failure message.</param>
/// <param name="Memory">The password accepted earlier on this connection, if any.</param>
/// <param name="Logger">For server messages that ask nothing (never for answers).</param>
internal sealed record PromptContext(string Target, PromptRelay Relay, AuthenticationLog Log, SecretMemory Memory, ILogger Logger);
