using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using NumberDirectory.Core.Lookup;
using NumberDirectory.Core.Routes;
using NumberDirectory.Server.Admin;
using NumberDirectory.Server.Hosting;

namespace NumberDirectory.Server.Http;

/// <summary>
/// Writes the status page as one HTML document: inline style, no script, nothing to fetch. Every
/// value that came from outside (numbers, contexts, clients, trace messages) goes through the HTML
/// encoder, so a number sent as <c>&lt;script&gt;</c> shows as text.
/// </summary>
/// <remarks>docs/status-page.md.</remarks>
internal static class StatusPageRenderer
{
    private const string Style = """
        :root{color-scheme:light dark;--line:#8884;--ok:#2a7d3b;--warn:#a86b00;--bad:#b3261e;--bar:#3b6fb6}
        body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:1rem 1.5rem;max-width:80rem}
        h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.4rem 0 .4rem;border-bottom:1px solid var(--line)}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.2rem .6rem .2rem 0;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600}code,.mono{font-family:ui-monospace,monospace;font-size:.92em}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
        .ok,.reachable,.FOUND{color:var(--ok)}.degraded,.lagged,.NOT_FOUND,.not-probed-yet,.not-qualified{color:var(--warn)}
        .fail,.unreachable,.FAILED,.LOOP,.INVALID,.not-registered{color:var(--bad)}.off{color:GrayText}
        header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
        .chart{display:flex;align-items:flex-end;gap:2px;height:6rem;border-bottom:1px solid var(--line);margin:.4rem 0}
        .chart div{flex:1;background:var(--bar);display:flex;flex-direction:column-reverse;min-height:1px}
        .chart div span{display:block;background:var(--bad)}
        form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end}label{display:flex;flex-direction:column;font-size:.9em}
        input{font:inherit;padding:.2rem .4rem}button{font:inherit;padding:.2rem .8rem}
        .result{margin-top:.6rem;padding:.5rem .8rem;border:1px solid var(--line);border-radius:4px}
        .muted{color:GrayText}
        .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(34rem,1fr));gap:0 2.5rem}
        """;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Render(StatusPageModel model, DialStringRenderer dial)
    {
        ArgumentNullException.ThrowIfNull(model);
        var page = new StringBuilder(16 * 1024);
        var eid = Html.Encode(model.Id.ToString());
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<link rel=\"icon\" href=\"data:,\">")
            .Append("<title>NumberDirectory ").Append(eid).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        page.Append("<header><h1>NumberDirectory <span id=\"node-eid\" class=\"mono\">").Append(eid).Append("</span> <span class=\"")
            .Append(Word(model.Health)).Append("\">").Append(Word(model.Health)).Append("</span></h1>")
            .Append("<span class=\"muted\">read-only, as of ").Append(Time(model.Now)).Append(" · <a href=\"/\">refresh</a></span></header>\n");
        page.Append("<div class=\"columns\"><div>");
        Node(page, model);
        Doors(page, model);
        Peers(page, model);
        page.Append("</div><div>");
        Activity(page, model);
        Explain(page, model, dial);
        page.Append("</div></div>\n");
        Recent(page, model);
        return page.Append("</body></html>\n").ToString();
    }

    private static void Node(StringBuilder page, StatusPageModel model)
    {
        page.Append("<section id=\"node\"><h2>Node</h2><dl>")
            .Append("<dt>EID</dt><dd class=\"mono\">").Append(Html.Encode(model.Id.ToString())).Append("</dd>")
            .Append("<dt>Version</dt><dd>").Append(Html.Encode(model.Version)).Append("</dd>")
            .Append("<dt>Started</dt><dd>").Append(Time(model.StartedAt)).Append(" (up ").Append(Span(model.Now - model.StartedAt)).Append(")</dd>")
            .Append("<dt>Data file</dt><dd><span class=\"").Append(Word(model.DataFile.Status)).Append("\">").Append(Word(model.DataFile.Status)).Append("</span> ")
            .Append("<span class=\"mono\" title=\"").Append(Html.Encode(model.DataFilePath)).Append("\">").Append(Html.Encode(model.DataFile.Detail)).Append("</span></dd>")
            .Append("</dl></section>\n");
    }

    private static void Doors(StringBuilder page, StatusPageModel model)
    {
        page.Append("<section id=\"doors\"><h2>Doors and listeners</h2><table><thead><tr><th>Door</th><th>Listening on</th><th>State</th><th>Detail</th></tr></thead><tbody>");
        foreach (var door in model.Doors)
        {
            page.Append("<tr data-door=\"").Append(Html.Encode(door.Name)).Append("\"><td>").Append(Html.Encode(door.Name))
                .Append("</td><td class=\"mono\">").Append(Html.Encode(door.Endpoints))
                .Append("</td><td class=\"state ").Append(Html.Encode(door.State)).Append("\">").Append(Html.Encode(door.State))
                .Append("</td><td>").Append(door.Detail.StartsWith("listening on ", StringComparison.Ordinal) ? string.Empty : Html.Encode(door.Detail)).Append("</td></tr>");
        }

        page.Append("</tbody></table></section>\n");
    }

    private static void Peers(StringBuilder page, StatusPageModel model)
    {
        page.Append("<section id=\"peers\"><h2>Peers</h2>");
        if (model.Peers is null)
        {
            page.Append("<p class=\"off\">DUNDi is off (Dundi:Enabled is false).</p></section>\n");
            return;
        }

        page.Append("<p>").Append(Html.Encode(model.PeerSummary)).Append("</p>");
        page.Append("<table><thead><tr><th>EID</th><th>Address</th><th>Model</th><th>State</th><th>RTT</th><th>Last seen</th></tr></thead><tbody>");
        foreach (var peer in model.Peers)
        {
            page.Append("<tr class=\"peer\" data-eid=\"").Append(Html.Encode(peer.Id)).Append("\"><td class=\"eid mono\">").Append(Html.Encode(peer.Id))
                .Append("</td><td class=\"mono\">").Append(Html.Encode(peer.Address))
                .Append("</td><td>").Append(Html.Encode(peer.Model))
                .Append("</td><td class=\"state ").Append(Html.Encode(peer.State.Replace(' ', '-'))).Append("\">").Append(Html.Encode(peer.State))
                .Append("</td><td>").Append(peer.RoundTrip is { } rtt ? Millis(rtt) : "–")
                .Append("</td><td>").Append(peer.LastSeen is { } seen ? $"{Span(model.Now - seen)} ago" : "never").Append("</td></tr>");
        }

        if (model.Peers.Count == 0)
        {
            page.Append("<tr><td colspan=\"6\" class=\"muted\">none configured</td></tr>");
        }

        page.Append("</tbody></table></section>\n");
    }

    private static void Activity(StringBuilder page, StatusPageModel model)
    {
        var seconds = LookupHistory.Interval.TotalSeconds;
        var max = Math.Max(1, model.Activity.Max(i => i.Lookups));
        page.Append("<section id=\"activity\"><h2>Lookups per second, last ").Append((int)LookupHistory.Window.TotalMinutes)
            .Append(" minutes</h2><div class=\"chart\" aria-hidden=\"true\">");
        foreach (var interval in model.Activity)
        {
            var height = 100.0 * interval.Lookups / max;
            var failed = interval.Lookups == 0 ? 0 : 100.0 * interval.Failed / interval.Lookups;
            page.Append("<div style=\"height:").Append(Number(height)).Append("%\" title=\"").Append(Time(interval.From)).Append(": ")
                .Append(Number(interval.Lookups / seconds)).Append("/s, ").Append(interval.Failed).Append(" failed\"><span style=\"height:")
                .Append(Number(failed)).Append("%\"></span></div>");
        }

        page.Append("</div><table><thead><tr><th>Minute from</th><th>Lookups</th><th>Per second</th><th>Not found</th><th>Failed</th></tr></thead><tbody>");
        var perMinute = (int)(TimeSpan.FromMinutes(1) / LookupHistory.Interval);
        foreach (var minute in model.Activity.Chunk(perMinute).Reverse())
        {
            var lookups = minute.Sum(i => i.Lookups);
            page.Append("<tr class=\"minute\"><td>").Append(Time(minute[0].From)).Append("</td><td>").Append(lookups)
                .Append("</td><td>").Append(Number(lookups / (seconds * minute.Length)))
                .Append("</td><td>").Append(minute.Sum(i => i.NotFound))
                .Append("</td><td class=\"").Append(minute.Sum(i => i.Failed) > 0 ? "fail" : string.Empty).Append("\">").Append(minute.Sum(i => i.Failed)).Append("</td></tr>");
        }

        page.Append("</tbody></table></section>\n");
    }

    private static void Recent(StringBuilder page, StatusPageModel model)
    {
        page.Append("<section id=\"recent\"><h2>Recent lookups</h2><table><thead><tr><th>When</th><th>Number</th><th>Context</th><th>Door</th><th>Client</th><th>Status</th><th>Routes</th><th>Took</th></tr></thead><tbody>");
        foreach (var seen in model.Recent)
        {
            var status = AdminStatus(seen.Status);
            page.Append("<tr class=\"lookup\"><td>").Append(Span(model.Now - seen.At)).Append(" ago")
                .Append("</td><td class=\"number mono\">").Append(Html.Encode(seen.Number))
                .Append("</td><td class=\"context\">").Append(Html.Encode(seen.Context))
                .Append("</td><td>").Append(Html.Encode(seen.Door))
                .Append("</td><td class=\"mono\">").Append(Html.Encode(seen.Client))
                .Append("</td><td class=\"").Append(status).Append("\">").Append(status).Append(seen.Partial ? " (partial)" : string.Empty);
            if (seen.Error is { } error)
            {
                page.Append("<br><span class=\"muted\">").Append(Html.Encode(error)).Append("</span>");
            }

            page.Append("</td><td>").Append(seen.Routes).Append("</td><td>").Append(Millis(seen.Latency)).Append("</td></tr>");
        }

        if (model.Recent.Count == 0)
        {
            page.Append("<tr><td colspan=\"8\" class=\"muted\">none yet</td></tr>");
        }

        page.Append("</tbody></table></section>\n");
    }

    private static void Explain(StringBuilder page, StatusPageModel model, DialStringRenderer dial)
    {
        var explain = model.Explain;
        page.Append("<section id=\"explain\"><h2>Explain a lookup</h2>")
            .Append("<form method=\"get\" action=\"/\"><label>Number<input name=\"explain\" required maxlength=\"64\" value=\"")
            .Append(Html.Encode(explain?.Number ?? string.Empty)).Append("\"></label><label>Context<input name=\"context\" maxlength=\"64\" placeholder=\"")
            .Append(LookupContexts.Default).Append("\" value=\"").Append(Html.Encode(explain?.Context ?? string.Empty))
            .Append("\"></label><button type=\"submit\">Explain</button></form>")
            .Append("<p class=\"muted\">Runs the lookup through the whole pipeline as an admin action (counted as the admin door's) and shows which range, cache entry or peer answers, and why.</p>");
        if (explain is null)
        {
            page.Append("</section>\n");
            return;
        }

        if (explain.Problem is { } problem)
        {
            page.Append("<div id=\"explain-result\" class=\"result\" data-status=\"INVALID\"><strong class=\"INVALID\">INVALID</strong> ")
                .Append(Html.Encode(problem)).Append("</div></section>\n");
            return;
        }

        var run = explain.Run!;
        var result = run.Result;
        var status = AdminStatus(result.Status);
        page.Append("<div id=\"explain-result\" class=\"result\" data-status=\"").Append(status).Append("\"><p><strong class=\"").Append(status).Append("\">").Append(status)
            .Append("</strong> <span class=\"mono\">").Append(Html.Encode(run.Request.Number.ToString())).Append("</span> in <span class=\"mono\">")
            .Append(Html.Encode(run.Request.Context)).Append("</span>").Append(result.Partial ? " (partial: not every peer that could know answered)" : string.Empty)
            .Append(" in ").Append(Millis(run.Elapsed)).Append(", TTL ").Append((int)result.Ttl.TotalSeconds).Append(" s</p>");
        if (!result.Routes.IsDefaultOrEmpty)
        {
            page.Append("<table class=\"routes\"><thead><tr><th>Route</th><th>Dial string</th><th>Weight</th><th>Answered by</th><th>TTL</th></tr></thead><tbody>");
            foreach (var route in result.Routes)
            {
                var dialString = RouteUri.TryParse(route.Uri, out var parsed, out _) ? dial.Render(parsed) : null;
                page.Append("<tr><td class=\"mono\">").Append(Html.Encode(route.Uri)).Append("</td><td class=\"mono\">").Append(Html.Encode(dialString ?? "–"))
                    .Append("</td><td>").Append(route.Weight).Append("</td><td class=\"answered-by mono\">").Append(Html.Encode(route.AnsweredBy.ToString()))
                    .Append("</td><td>").Append((int)route.Ttl.TotalSeconds).Append(" s</td></tr>");
            }

            page.Append("</tbody></table>");
        }

        page.Append("<table class=\"trace\"><thead><tr><th>At</th><th>Step</th><th>What happened</th></tr></thead><tbody>");
        foreach (var (step, at) in AdminLookup.Steps(run))
        {
            page.Append("<tr><td>").Append(Millis(at)).Append("</td><td class=\"mono\">").Append(Html.Encode(step.Source))
                .Append("</td><td>").Append(Html.Encode(step.Message)).Append("</td></tr>");
        }

        page.Append("</tbody></table></div></section>\n");
    }

    // The names the admin API and numdir use for a lookup's outcome.
    private static string AdminStatus(LookupStatus status) => status switch
    {
        LookupStatus.Found => "FOUND",
        LookupStatus.NotFound => "NOT_FOUND",
        LookupStatus.Loop => "LOOP",
        _ => "FAILED",
    };

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Ok => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "fail",
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Millis(TimeSpan span) => span.TotalMilliseconds.ToString(span.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
            : span.TotalHours >= 1 ? $"{span.Hours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{span.Minutes} min {span.Seconds} s"
            : $"{span.Seconds} s";
    }
}
