using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Hub;

/// <summary>Revoking the token a renewal replaced, so every renewal does not leave a valid token on the hub.</summary>
public sealed partial class HubClient
{
    /// <summary>
    /// Deletes this client's token, now replaced by <paramref name="replacement"/>. Best effort: failures are logged,
    /// never thrown, because the caller must get the new token either way.
    /// </summary>
    private async Task RevokeReplacedTokenAsync(string user, HubToken replacement, CancellationToken cancellationToken)
    {
        var oldId = await ReplacedTokenIdAsync(cancellationToken) ?? TokenId;
        if (string.IsNullOrEmpty(oldId))
        {
            LogOldTokenIdUnknown(Logger, user);
            return;
        }

        if (oldId == replacement.Id)
        {
            // Never revoke what we just handed out (a stale id from the caller must not cost the new token).
            return;
        }

        try
        {
            // With the new token: it has the same scopes, and using it once proves it works before the old one goes.
            using var withNew = new HubApi(HubUrl, replacement.Token, handler);
            var what = $"Revoking the replaced hub token {oldId} of {user}";
            var response = await withNew.SendAsync(HttpMethod.Delete, $"{HubAddress.UserPath(user)}/tokens/{Uri.EscapeDataString(oldId)}", null, what, cancellationToken);
            if (!response.IsSuccess)
            {
                throw withNew.Failure(what, response);
            }

            LogOldTokenRevoked(Logger, user, oldId);
        }
        catch (RemoteJupyterException ex)
        {
            LogOldTokenNotRevoked(Logger, user, oldId, ex.Message);
        }
    }

    /// <summary>The current token's id as the hub names it (5.0 and later), or null when it does not or cannot say.</summary>
    private async Task<string?> ReplacedTokenIdAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await api.SendAsync(HttpMethod.Get, "hub/api/user", null, "Reading the current token's id", cancellationToken);
            return response.IsSuccess ? HubJson.Identity(response.Json).TokenId : null;
        }
        catch (RemoteJupyterException)
        {
            // Only the id is missing; the caller's TokenId may still name the token.
            return null;
        }
    }
}
