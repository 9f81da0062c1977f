namespace RemoteJupyter.Core.Jupyter;

/// <summary>
/// The Python half of the lifecycle scripts: asks a running server about itself on the host's loopback, with the
/// token read from Jupyter's own runtime file (0600, in the server's private runtime dir), so the token never
/// travels in argv and the client need not have kept it. Mode <c>status</c> prints one JSON line (responding,
/// kernels, connections, lastActivity, rssBytes of the server and every process under it); <c>token</c> adds the
/// token, for a client that reattaches; <c>shutdown</c> asks the server to stop (POST /api/shutdown).
/// </summary>
internal static class ServerProbeScript
{
    public const string Source = """
        import glob, json, os, sys, urllib.request
        mode, d = sys.argv[1], sys.argv[2]
        with open(os.path.join(d, "state.json")) as h:
            state = json.load(h)
        pid, port = int(state["pid"]), int(state["port"])
        token = None
        for f in sorted(glob.glob(os.path.join(d, "runtime", "jpserver-[0-9]*.json"))):
            try:
                with open(f) as h:
                    info = json.load(h)
                if info.get("pid") == pid or token is None:
                    token = info.get("token") or ""
            except (OSError, ValueError):
                pass
        def call(method, path):
            req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), method=method,
                                         headers={"Authorization": "token " + (token or "")})
            with urllib.request.urlopen(req, timeout=3) as r:
                body = r.read()
                return json.loads(body) if body else {}
        if mode == "shutdown":
            try:
                call("POST", "/api/shutdown"); print("asked")
            except Exception as e:
                print("refused " + type(e).__name__)
            sys.exit(0)
        out = {"responding": False}
        try:
            s = call("GET", "/api/status")
            out.update(responding=True, kernels=s.get("kernels"), connections=s.get("connections"), lastActivity=s.get("last_activity"))
        except Exception:
            pass
        try:
            children = {}
            for p in os.listdir("/proc"):
                if p.isdigit():
                    try:
                        with open("/proc/%s/stat" % p) as h:
                            children.setdefault(int(h.read().rsplit(")", 1)[1].split()[1]), []).append(int(p))
                    except (OSError, IndexError, ValueError):
                        pass
            todo, rss, page = [pid], 0, os.sysconf("SC_PAGE_SIZE")
            while todo:
                p = todo.pop()
                todo.extend(children.get(p, []))
                try:
                    with open("/proc/%d/statm" % p) as h:
                        rss += int(h.read().split()[1]) * page
                except (OSError, IndexError, ValueError):
                    pass
            out["rssBytes"] = rss
        except OSError:
            pass
        if mode == "token" and out["responding"] and token is not None:
            out["token"] = token
        print(json.dumps(out))
        """;
}
