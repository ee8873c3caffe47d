// A plain HTTP GET for tests that talk to a running sidecar (exporter, quota watcher, prober).
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

public enum HTTP {
    public static func get(_ url: String, accept: String? = nil, timeout: TimeInterval = 30) async throws
        -> (status: Int, contentType: String, body: String)
    {
        guard let url = URL(string: url) else { throw TestDatabaseError(message: "bad URL \(url)") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self))
    }
}
