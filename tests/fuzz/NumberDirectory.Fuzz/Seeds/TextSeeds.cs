using System.Text;

namespace NumberDirectory.Fuzz.Seeds;

/// <summary>Seeds and tokens for the text targets: patterns, route templates, AGI headers and HTTP request targets.</summary>
internal static class TextSeeds
{
    public static IReadOnlyList<byte[]> Patterns { get; } = Utf8(
        "_4XXX", "_NXXNXXXXXX", "_7[0-4]XX", "_X.", "_X!", "_+7495XXXXXXX", "_555-1XXX", "_[*#]9", "_Z!", "_[135-7]X",
        "4001", "*97", "+14155550100", "4000-4999", "+74951234000-+74951234999", "0000-9999", "1-9", "_!", "_.", "_[0-9]X[2-8]N");

    public static IReadOnlyList<byte[]> PatternTokens { get; } = Utf8("_", "+", "-", "[", "]", "[1-5]", "X", "Z", "N", ".", "!", "*", "#", "9", "0", " ", "\t", "x", "[9-1]", "[-]", "0000000000");

    public static IReadOnlyList<byte[]> RouteTemplates { get; } = Utf8(
        "sip:${NUMBER}@pbx-b.example", "sips:${NUMBER}@pbx-b.example:5061", "iax2:pbx-b.example/${NUMBER}",
        "iax2:guest@pbx-b.example:4569/${NUMBER:1}", "iax2:user:secret@host/${NUMBER}", "h323:${NUMBER}@gw.example",
        "tel:+${NUMBER}", "sip:8${NUMBER:1}@gw.example", "sip:${NUMBER:-4}@pbx-b.example", "sip:${NUMBER:1:3}-${NUMBER:-7}@nanp.example",
        "sip:${NUMBER}@[2001:db8::1]:5060", "SIP:${NUMBER}@pbx-b.example", "sip:operator@pbx-b.example", "iax2:pbx-b.example/${NUMBER}?from-dundi",
        "sip:4001@pbx-b.example", "tel:+14155550100", "iax2:pbx-b.example:4569/4001");

    public static IReadOnlyList<byte[]> RouteTokens { get; } = Utf8(
        "${NUMBER}", "${NUMBER:", "${", "}", ":", "@", "/", "?", "[", "]", "::", ":-", "-1", "99999", "sip:", "iax2:", "tel:+", "h323:", "sips:", "%", " ", "!", ",", "&", "|", "\"");

    /// <summary>NAPTR REGEXP fields as upstream ENUM servers write them, well and badly.</summary>
    public static IReadOnlyList<byte[]> NaptrRegexps { get; } = Utf8(
        "!^.*$!sip:4001@pbx-b.example.net!", "!^\\+1(555)(.*)$!sip:\\2@pbx-\\1.example.org!", "!^(.*)$!tel:\\1!",
        "/^\\+(.*)$/sip:\\1@gw.example.org/i", "#^\\+[[:digit:]]{1,15}$#iax:pbx.example.org/4001#", "!^[^]x-]+$!h323:x@gw.example.org!",
        "!^(\\+?([0-9]+)+)+x$!sip:evil@example.org!", "!^(.{0,100}){100}$!sip:huge@example.org!", "!^\\d+?$!sip:x@example.org!",
        "!^(?i)x!sip:x@example.org!", "!^(a|ab)(c|bcd)(d*)$!\\3\\2\\1!", "!^x\\!y!a\\!b\\\\c!", "!!!", "!^.*$!\\0!");

    public static IReadOnlyList<byte[]> NaptrTokens { get; } = Utf8(
        "!", "/", "#", "\\", "\\1", "\\9", "\\!", "(", ")", "(?", "[", "]", "[:digit:]", "[.-.]", "[=a=]", "^", "$", ".", "*", "+", "?",
        "{", "}", "{2,5}", "{255}", "{256}", "|", "-", "i", "sip:", "@", "\\d", "\\w", "\\b", "\u00e9", "\u0000");

    /// <summary>Asterisk's header for <c>AGI(agi://127.0.0.1/lookup?context=e164&amp;timeout=0.5,4001)</c>, ending with its empty line.</summary>
    public static string AgiHeader(string number, string script) => string.Concat(
        $"agi_network: yes\nagi_network_script: {script}\nagi_request: agi://127.0.0.1:4573/{script}\n",
        "agi_channel: PJSIP/3001-00000001\nagi_language: en\nagi_type: PJSIP\nagi_uniqueid: 1767225600.1\nagi_version: 22.1.0\n",
        "agi_callerid: 3001\nagi_calleridname: Alice\nagi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n",
        $"agi_dnid: {number}\nagi_rdnis: unknown\nagi_context: from-internal\nagi_extension: {number}\nagi_priority: 1\n",
        $"agi_enhanced: 0.0\nagi_accountcode: \nagi_threadid: 140234567890112\nagi_arg_1: {number}\n\n");

    public static IReadOnlyList<byte[]> AgiHeaders { get; } = Utf8(
        AgiHeader("4001", "lookup?context=e164"),
        AgiHeader("+74951234567", "lookup?context=e164&timeout=0.5"),
        AgiHeader("5001", "lookup"),
        AgiHeader("*97", "lookup?timeout=0.25&context=ext-local"),
        AgiHeader("4001", "other?context=e164").Replace("\n", "\r\n", StringComparison.Ordinal),
        "agi_network: yes\nagi_request: agi://127.0.0.1/lookup?context=e164\nagi_extension: 4001\n\n",
        "agi_request: agi://[2001:db8::1]:4573/lookup?timeout=1e-3\nagi_arg_1: +442079460123\n\n");

    public static IReadOnlyList<byte[]> AgiTokens { get; } = Utf8(
        "agi_", "agi_arg_1: ", "agi_extension: ", "agi_network_script: ", "agi_request: agi://", ": ", "\n", "\r\n", "\n\n", "?", "&", "=",
        "%", "%00", "%zz", "%2", "+", "timeout=", "context=", "lookup", "/", "://", "\t", "\u00e9", "\u0000", "\u007f");

    /// <summary>Request targets of <c>GET /lookup/{number}</c>, as Asterisk's <c>CURL()</c> sends them.</summary>
    public static IReadOnlyList<byte[]> LookupTargets { get; } = Utf8(
        "/lookup/4001", "/lookup/4001?context=e164", "/lookup/%2B74951234567?timeout=0.5", "/lookup/+74951234567?format=json",
        "/lookup/4001?format=hash&all=1", "/lookup/*97?context=ext-local&timeout=0.25", "/lookup/4001?all=true&format=text",
        "/lookup/%234001?context=a.b_c-d", "/lookup/4%00", "/lookup/4001?timeout=1e400", "/lookup/4001?timeout=NaN", "/lookup/4001?context=",
        "/lookup/4001?format=xml", "/lookup/4001?context=e164&context=other", "/lookup/" + new string('4', 81));

    public static IReadOnlyList<byte[]> LookupTokens { get; } = Utf8(
        "/lookup/", "?", "&", "=", "%", "%00", "%2B", "%23", "%2F", "%zz", "%C3%A9", "+", "context=", "timeout=", "format=", "all=", "json", "hash",
        "text", "e164", "0.5", "-1", "1e9", "Infinity", "NaN", "..", "/", "#", " ", "\u00e9");

    private static byte[][] Utf8(params string[] texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];
}
