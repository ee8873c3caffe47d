import Foundation

/// The page at `/`: what this is and where the metrics are.
enum LandingPage {
    static func html(collectors: [String]) -> String {
        let items = collectors.map { "<li><code>\(escape($0))</code></li>" }.joined()
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>opsctl exporter</title></head>
            <body>
            <h1>opsctl exporter</h1>
            <p>Metrics about the Gmail service read from its PostgreSQL database, PostgreSQL health and the exporter itself.</p>
            <ul><li><a href="/metrics">/metrics</a></li><li><a href="/healthz">/healthz</a></li></ul>
            <h2>Configured collectors</h2>
            <ul>\(items)</ul>
            </body></html>

            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
