using System.Net;
using RemoteJupyter.Core.Errors;

namespace RemoteJupyter.Core.Sources.Urls;

/// <summary>
/// Jupyter's own login page, as a browser uses it: GET login sets the <c>_xsrf</c> cookie, POST login with the password
/// and that token answers 302 with the session cookie. Cookie requests then need the same token as <c>X-XSRFToken</c>.
/// </summary>
public sealed partial class ExistingServerSession
{
    private const string XsrfCookie = "_xsrf";

    private async Task LogInAsync(CancellationToken ct)
    {
        // Cookies are filed under the server's own URL: the jar then applies its path and Secure rules as the server meant.
        var jar = new CookieContainer();
        var loginUrl = new Uri(LocalBaseUrl, "login");
        using (var page = new HttpRequestMessage(HttpMethod.Get, loginUrl))
        using (var response = await SendAsync(page, "Opening the login page", ct))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new RemoteJupyterException(
                    ErrorCode.ServerLoginFailed,
                    $"The server at {Address.Display} has no login page (HTTP 404); check the URL's base path, or use a token.");
            }

            Keep(jar, response);
        }

        var xsrf = jar.GetCookies(Address.BaseUrl)[XsrfCookie]?.Value;
        var form = new Dictionary<string, string> { ["password"] = password! };
        if (xsrf is not null)
        {
            form[XsrfCookie] = xsrf;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, loginUrl) { Content = new FormUrlEncodedContent(form) };
        AddCookies(post, jar);
        using var answer = await SendAsync(post, "Logging in", ct);
        Keep(jar, answer);

        // A wrong password re-renders the page (200) without a session cookie; success redirects and sets one.
        var gotSession = jar.GetAllCookies().Any(c => c.Name != XsrfCookie);
        if (answer.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || !gotSession)
        {
            throw new RemoteJupyterException(
                ErrorCode.ServerLoginFailed,
                $"The server refused the password for {Address.Display} (HTTP {(int)answer.StatusCode}). Check the password set in the " +
                "server's jupyter_server_config.py or jupyter_notebook_config.py (ServerApp.password / NotebookApp.password).");
        }

        var fresh = new Dictionary<string, string> { ["Cookie"] = jar.GetCookieHeader(Address.BaseUrl) };
        xsrf = jar.GetCookies(Address.BaseUrl)[XsrfCookie]?.Value;
        if (xsrf is not null)
        {
            fresh["X-XSRFToken"] = xsrf;
        }

        Volatile.Write(ref headers, fresh);
    }

    private void Keep(CookieContainer jar, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            try
            {
                jar.SetCookies(Address.BaseUrl, value);
            }
            catch (CookieException)
            {
                // A cookie we cannot parse is one we would not know how to send back; the login check below decides.
            }
        }
    }

    private void AddCookies(HttpRequestMessage request, CookieContainer jar)
    {
        var header = jar.GetCookieHeader(Address.BaseUrl);
        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }
    }
}
